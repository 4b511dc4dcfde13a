#pragma once
// Turning a response the status policy rejects into the typed error.

#include <tether/core/error.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>

#include <chrono>

namespace tether::http::detail {

// The error for `res`, answered to `req`: its code by status, an actionable
// message with the server's own explanation, field errors for 400/422 and
// Retry-After for 429/503. The response stays reachable through the error.
error status_error(const request& req, response res,
                   std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace tether::http::detail
