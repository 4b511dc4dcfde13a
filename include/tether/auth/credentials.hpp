#pragma once
/// @file
/// Static credentials: an API key (in a header or the query) and HTTP Basic.

#include <tether/http/interceptor.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tether::auth {

/// Where an API key goes.
enum class api_key_placement { header, query };

struct api_key_options {
    /// The header or query parameter name, e.g. "X-API-Key" or "api_key".
    std::string name = "X-API-Key";
    std::string key;
    api_key_placement placement = api_key_placement::header;
    /// The origins the key is for; requests elsewhere go without it. Must
    /// not be empty.
    std::vector<std::string> origins;
};

/// Adds the API key to requests for its origins. The logging interceptor
/// and error messages redact it: header names with "api-key", "token",
/// "secret" and query names such as api_key always are; give others to
/// `logging_options::redact_headers` / `redact_query`.
[[nodiscard]] std::shared_ptr<http::interceptor> api_key_interceptor(api_key_options options);

struct basic_auth_options {
    std::string user;
    std::string password;
    /// The origins the credentials are for. Must not be empty; plain http
    /// origins other than loopback are refused (the password would travel
    /// in the clear).
    std::vector<std::string> origins;
};

/// Adds `Authorization: Basic base64(user:password)` (RFC 7617) to requests
/// for its origins that carry no Authorization.
[[nodiscard]] std::shared_ptr<http::interceptor> basic_auth_interceptor(basic_auth_options options);

}  // namespace tether::auth
