#pragma once
/// @file
/// `tether::http::logging_interceptor`: one line per call, or the heads and
/// bodies too, with every secret redacted.

#include <tether/http/interceptor.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tether::http {

/// How much is logged (like OkHttp's logging interceptor).
enum class log_level {
    none,     ///< nothing
    basic,    ///< one line per exchange: method, redacted URL, status, bytes, duration, attempt
    headers,  ///< and the request and response headers
    body,     ///< and the bodies, truncated at `logging_options::max_body_bytes`
};

struct logging_options {
    log_level level = log_level::basic;
    /// Receives each line (no trailing newline); unset: written to stderr.
    std::function<void(std::string_view line)> sink;
    /// Header names redacted besides the credential ones (Authorization,
    /// Cookie, Set-Cookie, Proxy-Authorization, names with "token",
    /// "secret", "api-key", "password"); case-insensitive.
    std::vector<std::string> redact_headers;
    /// Query parameter names redacted besides the credential ones (token,
    /// api_key, password, ...).
    std::vector<std::string> redact_query;
    /// Longer bodies are cut here; binary bodies are only summarized.
    std::size_t max_body_bytes = 4096;
};

/// The interceptor. Put it after a retry interceptor to log every attempt
/// (each line names its attempt number).
///
/// @code
/// http::logging_options log;
/// log.level = http::log_level::headers;
/// log.sink = [](std::string_view line) { spdlog::info("{}", line); };
/// opts.interceptors.push_back(http::logging_interceptor(log));
/// @endcode
[[nodiscard]] std::shared_ptr<interceptor> logging_interceptor(logging_options options = {});

}  // namespace tether::http
