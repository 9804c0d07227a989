# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE), so that
# settings can differ between the packages built from one configuration.

if(CPACK_GENERATOR STREQUAL "DEB")
  # A system package: everything under /usr, as Debian policy wants.
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
elseif(CPACK_GENERATOR MATCHES "^(TGZ|TXZ|ZIP)$")
  # A relocatable tree, unpacked wherever the user likes.
  set(CPACK_PACKAGING_INSTALL_PREFIX "")
  set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)
  set(CPACK_PACKAGE_FILE_NAME "${CPACK_TOKENTRAY_ARCHIVE_NAME}")
endif()
