# tokentray_add_test(NAME SOURCES ... LABELS ... [LIBS ...] [TIMEOUT s] [RESOURCE_LOCK ...] [ENVIRONMENT ...])
# One QTest executable per unit, each with a label (unit, gui, keychain, e2e, soak,
# package) and a TIMEOUT. TOKENTRAY_FAKEAPI and TOKENTRAY_BIN point at the
# built fake API server and application.
function(tokentray_add_test name)
  if(NOT BUILD_TESTING OR NOT TOKENTRAY_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS;RESOURCE_LOCK;ENVIRONMENT" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  if(TOKENTRAY_SANITIZE)
    # Instrumented code runs a few times slower.
    math(EXPR T_TIMEOUT "${T_TIMEOUT} * 3")
  endif()
  if(NOT T_LABELS)
    message(FATAL_ERROR "tokentray_add_test(${name}): LABELS is required (unit, gui, keychain, e2e, soak, package)")
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test tokentray_strict ${T_LIBS})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES
    LABELS "${T_LABELS}"
    TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "TOKENTRAY_FAKEAPI=$<$<TARGET_EXISTS:tokentray-fakeapi>:$<TARGET_FILE:tokentray-fakeapi>>;TOKENTRAY_BIN=$<TARGET_FILE:tokentray>;${T_ENVIRONMENT}")
  if(T_RESOURCE_LOCK)
    set_tests_properties(${name} PROPERTIES RESOURCE_LOCK "${T_RESOURCE_LOCK}")
  endif()
  # The sanitizer stage runs only the unit and e2e labels: it builds only
  # what they need (build preset "asan", target tokentray_unit_e2e_tests).
  if(T_LABELS MATCHES "(^|;)(unit|e2e)(;|$)")
    if(NOT TARGET tokentray_unit_e2e_tests)
      add_custom_target(tokentray_unit_e2e_tests)
    endif()
    add_dependencies(tokentray_unit_e2e_tests ${name})
  endif()
endfunction()

# tokentray_add_wayland_test(TARGET [NAME test] [TIMEOUT s] [RESOURCE_LOCK ...] [ENVIRONMENT ...] [LABELS ...])
# Runs the test executable TARGET as a Wayland client of Weston, through
# tests/harness/wayland-session.sh (inside desktop-session.sh), as the
# test NAME (TARGET_wayland unless given) with the labels gui and wayland (plus
# LABELS). Skipped (exit 77) where Weston is not installed.
function(tokentray_add_wayland_test target)
  if(NOT BUILD_TESTING OR NOT TOKENTRAY_BUILD_TESTS OR NOT TARGET ${target})
    return()
  endif()
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "RESOURCE_LOCK;ENVIRONMENT;LABELS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  if(TOKENTRAY_SANITIZE)
    math(EXPR T_TIMEOUT "${T_TIMEOUT} * 3")
  endif()
  set(name ${target}_wayland)
  if(T_NAME)
    set(name ${T_NAME})
  endif()
  add_test(NAME ${name}
    COMMAND ${PROJECT_SOURCE_DIR}/tests/harness/wayland-session.sh $<TARGET_FILE:${target}>)
  set_tests_properties(${name} PROPERTIES
    LABELS "gui;wayland;${T_LABELS}"
    TIMEOUT ${T_TIMEOUT}
    SKIP_RETURN_CODE 77
    ENVIRONMENT "TOKENTRAY_FAKEAPI=$<$<TARGET_EXISTS:tokentray-fakeapi>:$<TARGET_FILE:tokentray-fakeapi>>;TOKENTRAY_BIN=$<TARGET_FILE:tokentray>;${T_ENVIRONMENT}")
  if(T_RESOURCE_LOCK)
    set_tests_properties(${name} PROPERTIES RESOURCE_LOCK "${T_RESOURCE_LOCK}")
  endif()
endfunction()
