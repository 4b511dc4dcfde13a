#pragma once
/// @file
/// Reading the Retry-After header (RFC 9110 §10.2.3).

#include <chrono>
#include <optional>
#include <string_view>

namespace tether::http {

/// The delay a Retry-After value asks for: delay-seconds, or an HTTP-date
/// (IMF-fixdate, RFC 850 or asctime form) taken relative to `now`; a date in
/// the past gives zero. nullopt for anything else.
[[nodiscard]] std::optional<std::chrono::seconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// An HTTP-date (RFC 9110 §5.6.7) as a time point, or nullopt.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

}  // namespace tether::http
