#pragma once
/// @file
/// Removing secrets from what is shown to people and written to logs.

#include <span>
#include <string>
#include <string_view>

namespace tether {

/// The text that replaces a secret.
inline constexpr std::string_view redacted_text = "REDACTED";

/// `url` with its user-info password and the values of secret query
/// parameters (token, access_token, api_key, password, ... plus `extra_names`,
/// compared case-insensitively) replaced by `redacted_text`. Text that is not
/// a URL comes back with anything after '?' or '#' removed, so that a
/// malformed URL never leaks a query string.
[[nodiscard]] std::string redact_url(std::string_view url, std::span<const std::string_view> extra_names = {});

/// True for headers that carry credentials: Authorization, Proxy-Authorization,
/// Cookie, Set-Cookie, and any name containing "token", "secret", "api-key",
/// "apikey" or "password" (case-insensitive).
[[nodiscard]] bool is_sensitive_header(std::string_view name) noexcept;

/// True for query parameter names that carry credentials (see `redact_url`).
[[nodiscard]] bool is_sensitive_query_name(std::string_view name) noexcept;

}  // namespace tether
