# Compile options for project code only: targets opt in with
# tether_project_options(<target>), so third-party headers (included as system
# headers) never turn our warnings into their errors.

add_library(tether_project_options INTERFACE)
target_compile_options(tether_project_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough -Wcast-qual -Wformat=2
  # GCC 12 pairs an Asio coroutine frame's class-specific operator delete
  # with the global new when optimizing, and warns about a mismatch that
  # is not there.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-mismatched-new-delete>
  # GCC 12 reports overlapping memcpy in std::string's operator+ at -O3
  # (GCC bug 105651), on code as plain as "a" + std::string(b).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${TETHER_WARNINGS_AS_ERRORS}>:-Werror>)

if(TETHER_SANITIZE)
  set(_tether_san -fsanitize=${TETHER_SANITIZE} -fno-omit-frame-pointer)
  if(TETHER_SANITIZE MATCHES "undefined")
    list(APPEND _tether_san -fno-sanitize-recover=undefined)
  endif()
  if(TETHER_SANITIZE MATCHES "thread")
    # libstdc++'s shared_ptr uses atomic_thread_fence, which TSan does not
    # model; GCC warns about it in every file that copies a shared_ptr.
    list(APPEND _tether_san -Wno-tsan)
  endif()
  add_compile_options(${_tether_san})
  add_link_options(-fsanitize=${TETHER_SANITIZE})
endif()

option(TETHER_FUZZ "Build the fuzzers with libFuzzer (clang)" OFF)
if(TETHER_FUZZ)
  # Everything instrumented for libFuzzer's coverage feedback; only the
  # fuzz targets link its main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(TETHER_COVERAGE)
  add_compile_options(--coverage -fprofile-update=atomic)
  add_link_options(--coverage)
endif()

function(tether_project_options target)
  target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:tether_project_options>)
endfunction()
