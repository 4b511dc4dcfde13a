#pragma once
/// @file
/// The one place that decides whether an error is worth retrying.

#include <tether/core/error.hpp>

#include <string_view>

namespace tether {

/// What a caller can do about an error.
enum class error_class {
    transient,     ///< trying again later may succeed (offline, timeout, 429, 503 ...)
    fatal,         ///< trying again will fail the same way (404, validation, TLS, bad URL ...)
    after_reauth,  ///< trying again can succeed once the credentials are refreshed (401)
};

/// Classifies `e`. Retry, WebSocket reconnect and the sync outbox all decide
/// with this one function, so that they agree.
[[nodiscard]] error_class classify(const error& e) noexcept;

[[nodiscard]] std::string_view to_string(error_class c) noexcept;

}  // namespace tether
