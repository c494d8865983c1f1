# Installs the build tree into a scratch prefix and uses it the way a user would:
#  1. a CMake project with find_package(licensespring) links licensespring::licensespring and runs
#     (LICENSESPRING_LIB unset: the library is found beside the package);
#  2. the same program compiled with `pkg-config --cflags --libs licensespring`;
#  3. with the library removed from the prefix, configuring fails and names the missing file (even
#     with LICENSESPRING_LIB pointing at a library: the package uses only its own).
#
#   cmake -DBUILD_DIR=... -DCONSUMER_DIR=... -DWORK_DIR=... -DCXX=... -DVERSION=... -P package_test.cmake
cmake_minimum_required(VERSION 3.16)

function(run)
  cmake_parse_arguments(R "" "EXPECT;OUTPUT" "COMMAND" ${ARGN})
  execute_process(COMMAND ${R_COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(R_OUTPUT)
    set(${R_OUTPUT} "${out}${err}" PARENT_SCOPE)
  endif()
  if(NOT DEFINED R_EXPECT)
    set(R_EXPECT 0)
  endif()
  if(R_EXPECT STREQUAL "fail")
    if(rc EQUAL 0)
      message(FATAL_ERROR "expected a failure from: ${R_COMMAND}\n${out}${err}")
    endif()
  elseif(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${R_COMMAND}\n${out}${err}")
  endif()
endfunction()

set(prefix "${WORK_DIR}/prefix")
string(REGEX MATCH "^[0-9]+\\.[0-9]+" requested "${VERSION}")  # the consumer asks for this MAJOR.MINOR
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(no_env "${CMAKE_COMMAND}" -E env --unset=LICENSESPRING_LIB)

# 1. find_package against the installed package.
run(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(file include/licensespring.hpp include/licensespring_generated_abi.hpp include/licensespring_generated_api.hpp include/licensespring.h lib/cmake/licensespring/licensespringConfig.cmake
             lib/cmake/licensespring/licensespringConfigVersion.cmake lib/pkgconfig/licensespring.pc)
  if(NOT EXISTS "${prefix}/${file}")
    message(FATAL_ERROR "cmake --install did not install ${file}")
  endif()
endforeach()
file(GLOB installed_library "${prefix}/lib/liblicensespring.*")
if(NOT installed_library)
  message(FATAL_ERROR "cmake --install did not install the library")
endif()
run(COMMAND ${no_env} "${CMAKE_COMMAND}" -S "${CONSUMER_DIR}" -B "${WORK_DIR}/cmake-build"
            "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_CXX_COMPILER=${CXX}" "-DREQUESTED=${requested}")
run(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/cmake-build")
run(COMMAND ${no_env} "${WORK_DIR}/cmake-build/consumer" OUTPUT out)
if(NOT out MATCHES "consumer: licensespring [0-9.]+ ABI [0-9]+")
  message(FATAL_ERROR "unexpected consumer output: ${out}")
endif()
message(STATUS "find_package consumer: ${out}")

# 2. pkg-config.
find_program(PKG_CONFIG pkg-config REQUIRED)
run(COMMAND "${CMAKE_COMMAND}" -E env "PKG_CONFIG_PATH=${prefix}/lib/pkgconfig"
            "${PKG_CONFIG}" --cflags --libs licensespring OUTPUT flags)
string(STRIP "${flags}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
if(NOT "-llicensespring" IN_LIST flags)
  message(FATAL_ERROR "pkg-config gave no -llicensespring: ${flags}")
endif()
run(COMMAND "${CXX}" -std=c++17 -Wall -Wextra -Werror "${CONSUMER_DIR}/main.cpp" ${flags}
            "-Wl,-rpath,${prefix}/lib" -o "${WORK_DIR}/pkg-config-consumer")
run(COMMAND ${no_env} "${WORK_DIR}/pkg-config-consumer" OUTPUT out)
message(STATUS "pkg-config consumer: ${out}")

# 3. The library missing beside the package.
set(bare "${WORK_DIR}/prefix-without-library")
file(COPY "${prefix}/" DESTINATION "${bare}")
file(GLOB bare_library "${bare}/lib/liblicensespring.*")
file(REMOVE ${bare_library})
run(EXPECT fail OUTPUT out
    COMMAND "${CMAKE_COMMAND}" -E env "LICENSESPRING_LIB=${installed_library}"
            "${CMAKE_COMMAND}" -S "${CONSUMER_DIR}" -B "${WORK_DIR}/missing-build"
            "-DCMAKE_PREFIX_PATH=${bare}" "-DCMAKE_CXX_COMPILER=${CXX}" "-DREQUESTED=${requested}")
string(REGEX REPLACE "[ \n]+" " " out "${out}")  # CMake wraps long messages
string(FIND "${out}" "is incomplete: ${bare}/lib/liblicensespring.so is missing" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the missing-library error does not name the missing file:\n${out}")
endif()
message(STATUS "installed package: find_package, pkg-config and the missing-library error all work")
