# One INTERFACE target that every TokenTray target links: strict Qt defines and warnings.
add_library(tokentray_strict INTERFACE)
add_library(TokenTray::strict ALIAS tokentray_strict)

target_compile_definitions(tokentray_strict INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_FOREACH
  QT_NO_KEYWORDS
  QT_USE_QSTRINGBUILDER
  QT_DISABLE_DEPRECATED_UP_TO=0x060400
  TOKENTRAY_VERSION="${PROJECT_VERSION}"
  TOKENTRAY_APP_ID="${TOKENTRAY_APP_ID}")

# Contextless connect() is only rejected by Qt 6.7 and later.
if(Qt6Core_VERSION VERSION_GREATER_EQUAL 6.7)
  target_compile_definitions(tokentray_strict INTERFACE QT_NO_CONTEXTLESS_CONNECT)
endif()

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(tokentray_strict INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wformat=2
    $<$<BOOL:${TOKENTRAY_WERROR}>:-Werror>)
  target_compile_options(tokentray_strict INTERFACE -fstack-protector-strong)
  target_compile_definitions(tokentray_strict INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
  if(NOT APPLE)
    # Full RELRO: the GOT is read-only once the program runs.
    target_link_options(tokentray_strict INTERFACE -Wl,-z,relro,-z,now)
  endif()
elseif(MSVC)
  target_compile_options(tokentray_strict INTERFACE /W4 /permissive- $<$<BOOL:${TOKENTRAY_WERROR}>:/WX>)
endif()
