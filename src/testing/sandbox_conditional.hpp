#pragma once
// Conditional GET for the sandbox's cacheable resources (RFC 9110 §13):
// whether a request's validators still match the current representation.

#include <tether/http/headers.hpp>

#include <chrono>
#include <string_view>

namespace tether::testing::detail {

/// True when a GET carrying `request_headers` is to be answered 304 for a
/// representation with `etag` (a quoted strong entity-tag) and
/// `last_modified`, following the order of RFC 9110 §13.2.2: If-None-Match
/// decides when present (weak comparison, `*`, lists, repeated fields);
/// only without it does If-Modified-Since count (ignored unless one valid
/// HTTP-date).
[[nodiscard]] bool not_modified(const http::headers& request_headers, std::string_view etag,
                                std::chrono::system_clock::time_point last_modified);

}  // namespace tether::testing::detail
