#pragma once
// libcurl's result codes as tether errors.

#include <tether/core/error.hpp>

#include <curl/curl.h>

#include <string_view>

namespace tether::http::curl {

// The error for a failed transfer. `detail` is curl's error buffer (may be
// empty); `os_errno` is CURLINFO_OS_ERRNO.
error error_from_curl(CURLcode code, std::string_view detail, long os_errno);

}  // namespace tether::http::curl
