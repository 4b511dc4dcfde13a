#include <tether/core/classify.hpp>

namespace tether {

namespace {

error_class classify_status(int status) noexcept {
    switch (status) {
        // The server asked for the credentials to be renewed (RFC 9110 §15.5.2).
        case 401: return error_class::after_reauth;
        // Request Timeout: the server gave up waiting for us; a new attempt is
        // a new chance (RFC 9110 §15.5.9; OkHttp retries it once).
        case 408: return error_class::transient;
        // Too Many Requests: the same request is welcome later (RFC 6585 §4).
        case 429: return error_class::transient;
        // Internal Server Error: often a passing fault; AWS, Google and
        // reqwest-retry's default_on_request_failure all retry it.
        case 500: return error_class::transient;
        // Bad Gateway, Service Unavailable, Gateway Timeout: the origin or a
        // hop in front of it is overloaded or restarting.
        case 502:
        case 503:
        case 504: return error_class::transient;
        // Everything else (501 Not Implemented, 505, 4xx) answers the same
        // way next time.
        default: return error_class::fatal;
    }
}

}  // namespace

error_class classify(const error& e) noexcept {
    switch (e.code()) {
        // Being offline, a refused or reset connection and a proxy hiccup are
        // what a mobile network or a restarting server look like.
        case errc::dns_failed:
        case errc::connection_refused:
        case errc::connection_reset:
        case errc::proxy_failed:
        case errc::network_failed:
            return error_class::transient;
        // A certificate does not fix itself; retrying a failed TLS handshake
        // hides a misconfiguration or an attack (OkHttp's recover() refuses too).
        case errc::tls_failed:
            return error_class::fatal;
        // Neither does a pin mismatch: the next handshake meets the same keys
        // (OkHttp's isRecoverable() refuses SSLPeerUnverifiedException, which
        // its CertificatePinner throws).
        case errc::pinning_failed:
            return error_class::fatal;
        // A server that speaks broken HTTP will do it again.
        case errc::protocol_violation:
            return error_class::fatal;
        // Timeouts are load or a bad path: later can be better. Whether the
        // caller's deadline leaves room for it is the retrier's concern.
        case errc::connect_timeout:
        case errc::read_timeout:
        case errc::deadline_exceeded:
            return error_class::transient;
        // The breaker refuses for a while (error::retry_after says how long).
        case errc::circuit_open:
            return error_class::transient;
        // The caller asked to stop; doing it again would ignore that.
        case errc::cancelled:
            return error_class::fatal;
        // Wrong input stays wrong; policy refusals repeat.
        case errc::decode_failed:
        case errc::invalid_url:
        case errc::unsupported_scheme:
        case errc::invalid_header:
        case errc::invalid_body:
        case errc::io_failed:
        case errc::body_too_large:
        case errc::too_many_redirects:
        case errc::insecure_redirect:
        case errc::cache_miss:
        case errc::internal_error:
            return error_class::fatal;
        case errc::validation_failed:
        case errc::unauthorized:
        case errc::forbidden:
        case errc::not_found:
        case errc::conflict:
        case errc::rate_limited:
        case errc::server_error:
        case errc::unexpected_status:
            if (e.status()) return classify_status(*e.status());
            // Made without a response (e.g. by an auth flow): judge by code.
            if (e.code() == errc::unauthorized) return error_class::after_reauth;
            if (e.code() == errc::rate_limited || e.code() == errc::server_error) return error_class::transient;
            return error_class::fatal;
    }
    return error_class::fatal;
}

std::string_view to_string(error_class c) noexcept {
    switch (c) {
        case error_class::transient: return "transient";
        case error_class::fatal: return "fatal";
        case error_class::after_reauth: return "after_reauth";
    }
    return "unknown";
}

}  // namespace tether
