#pragma once
/// @file
/// The failure taxonomy: one `errc` per failure a caller may want to tell
/// apart, grouped into a few `error_kind` families.

#include <string_view>

namespace tether {

/// What went wrong. Use it in a `switch`; `kind_of()` gives the family, and
/// the exception hierarchy in `tether/core/exceptions.hpp` mirrors both.
enum class errc {
    // error_kind::network — the exchange with the server did not complete.
    dns_failed,          ///< the host name could not be resolved
    connection_refused,  ///< nothing accepted the connection (or the host is unreachable)
    connection_reset,    ///< the peer closed or reset the connection mid-exchange
    tls_failed,          ///< TLS handshake or certificate verification failed
    pinning_failed,      ///< the server's verified chain has none of the public keys pinned for its host
    proxy_failed,        ///< the proxy could not be reached or refused the tunnel
    protocol_violation,  ///< the server's answer is not valid HTTP
    network_failed,      ///< any other transport failure

    // error_kind::timeout
    connect_timeout,     ///< no connection (DNS, TCP, TLS, proxy) within the connect timeout
    read_timeout,        ///< no byte received or sent for longer than the read timeout
    deadline_exceeded,   ///< the whole call took longer than its total timeout

    // error_kind::cancelled
    cancelled,           ///< the caller cancelled the call

    // error_kind::decode
    decode_failed,       ///< the body could not be decoded (invalid JSON, wrong shape)

    // error_kind::invalid_request — the request cannot be carried out as given.
    invalid_url,         ///< the URL does not parse or has no host
    unsupported_scheme,  ///< a scheme other than http or https
    invalid_header,      ///< a header name that is not a token, or CR/LF/NUL in a value
    invalid_body,        ///< the body cannot be produced (file missing, one-shot stream replayed)
    io_failed,           ///< a local file could not be read or written

    // error_kind::policy — refused by a rule the client is configured with.
    body_too_large,      ///< the response body exceeds the configured maximum
    too_many_redirects,  ///< more redirects than the configured limit
    insecure_redirect,   ///< a redirect from https to http
    circuit_open,        ///< calls to this host are failing: refused until the circuit breaker's cool-down ends
    cache_miss,          ///< a cache-only request (fetch_policy::cache_only, only-if-cached) found nothing usable cached

    // error_kind::http — the server answered with a status the status policy rejects.
    validation_failed,   ///< 400 or 422; see error::field_errors()
    unauthorized,        ///< 401
    forbidden,           ///< 403
    not_found,           ///< 404
    conflict,            ///< 409
    rate_limited,        ///< 429; see error::retry_after()
    server_error,        ///< 5xx
    unexpected_status,   ///< any other rejected status

    // error_kind::internal
    internal_error,      ///< a broken contract inside the pipeline, e.g. an interceptor threw
};

/// The family of an `errc`: what a caller who handles errors broadly switches on.
enum class error_kind { network, timeout, cancelled, decode, invalid_request, policy, http, internal };

/// The family `code` belongs to.
[[nodiscard]] error_kind kind_of(errc code) noexcept;

/// The enumerator's name, e.g. "connect_timeout".
[[nodiscard]] std::string_view to_string(errc code) noexcept;

/// The enumerator's name, e.g. "network".
[[nodiscard]] std::string_view to_string(error_kind kind) noexcept;

/// The code an HTTP status maps to at the client's edge (400 -> validation_failed, ...).
[[nodiscard]] errc errc_for_status(int status) noexcept;

}  // namespace tether
