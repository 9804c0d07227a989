# CPACK_PRE_BUILD_SCRIPTS: runs after the files are staged, before packing.
# Removes the .comment section (compiler version strings) that strip(1) keeps,
# as dh_strip does for Debian's own packages. Only ELF files are touched.

if(NOT CPACK_STRIP_FILES OR NOT CPACK_TOKENTRAY_OBJCOPY OR NOT CPACK_TEMPORARY_INSTALL_DIRECTORY)
  return()
endif()

file(GLOB_RECURSE staged LIST_DIRECTORIES false "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*")
foreach(file IN LISTS staged)
  if(IS_SYMLINK "${file}")
    continue()
  endif()
  file(READ "${file}" magic LIMIT 4 HEX)
  if(magic STREQUAL "7f454c46")
    execute_process(
      COMMAND "${CPACK_TOKENTRAY_OBJCOPY}" --remove-section=.comment "${file}"
      RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "objcopy could not remove .comment from ${file}")
    endif()
  endif()
endforeach()
