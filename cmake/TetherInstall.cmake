# Installs the library, its public headers and a CMake package, so that
# find_package(tether) gives tether::tether (and tether::testing).
include(CMakePackageConfigHelpers)

set(TETHER_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/tether)

install(TARGETS tether tether_testing EXPORT tether-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/tether DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT tether-targets NAMESPACE tether:: DESTINATION ${TETHER_INSTALL_CMAKEDIR})

configure_package_config_file(cmake/tetherConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/tetherConfig.cmake
  INSTALL_DESTINATION ${TETHER_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/tetherConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/tetherConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/tetherConfigVersion.cmake
  DESTINATION ${TETHER_INSTALL_CMAKEDIR})
