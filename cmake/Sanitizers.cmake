# Sanitizer builds (CMakePresets.json: "asan" and "fuzz").
#
# TOKENTRAY_SANITIZE: every target, tests included, with AddressSanitizer
# (LeakSanitizer comes with it) and UndefinedBehaviorSanitizer. Any report
# aborts the process, so a test that triggers one fails.
#
# TOKENTRAY_FUZZ: clang only; the engine and the libFuzzer targets of
# tests/fuzz, instrumented for coverage as well. The desktop, the command line
# and the ordinary tests are not built.
option(TOKENTRAY_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(TOKENTRAY_FUZZ "Build only the engine and the libFuzzer targets (clang)" OFF)

set(TOKENTRAY_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)

if(TOKENTRAY_SANITIZE OR TOKENTRAY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "TOKENTRAY_SANITIZE and TOKENTRAY_FUZZ need GCC or clang")
  endif()
  add_link_options(${TOKENTRAY_SANITIZER_FLAGS})
  if(TOKENTRAY_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      message(FATAL_ERROR "TOKENTRAY_FUZZ needs clang (libFuzzer): configure with the fuzz preset")
    endif()
    # Coverage for libFuzzer in all our code; the fuzzer's main() is linked
    # into the fuzz targets only (tests/fuzz/CMakeLists.txt).
    add_compile_options(-fsanitize=fuzzer-no-link ${TOKENTRAY_SANITIZER_FLAGS})
  else()
    add_compile_options(${TOKENTRAY_SANITIZER_FLAGS})
  endif()
endif()
