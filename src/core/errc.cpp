#include <tether/core/errc.hpp>

namespace tether {

error_kind kind_of(errc code) noexcept {
    switch (code) {
        case errc::dns_failed:
        case errc::connection_refused:
        case errc::connection_reset:
        case errc::tls_failed:
        case errc::pinning_failed:
        case errc::proxy_failed:
        case errc::protocol_violation:
        case errc::network_failed:
            return error_kind::network;
        case errc::connect_timeout:
        case errc::read_timeout:
        case errc::deadline_exceeded:
            return error_kind::timeout;
        case errc::cancelled:
            return error_kind::cancelled;
        case errc::decode_failed:
            return error_kind::decode;
        case errc::invalid_url:
        case errc::unsupported_scheme:
        case errc::invalid_header:
        case errc::invalid_body:
        case errc::io_failed:
            return error_kind::invalid_request;
        case errc::body_too_large:
        case errc::too_many_redirects:
        case errc::insecure_redirect:
        case errc::circuit_open:
        case errc::cache_miss:
            return error_kind::policy;
        case errc::validation_failed:
        case errc::unauthorized:
        case errc::forbidden:
        case errc::not_found:
        case errc::conflict:
        case errc::rate_limited:
        case errc::server_error:
        case errc::unexpected_status:
            return error_kind::http;
        case errc::internal_error:
            break;
    }
    return error_kind::internal;
}

std::string_view to_string(errc code) noexcept {
    switch (code) {
        case errc::dns_failed: return "dns_failed";
        case errc::connection_refused: return "connection_refused";
        case errc::connection_reset: return "connection_reset";
        case errc::tls_failed: return "tls_failed";
        case errc::pinning_failed: return "pinning_failed";
        case errc::proxy_failed: return "proxy_failed";
        case errc::protocol_violation: return "protocol_violation";
        case errc::network_failed: return "network_failed";
        case errc::connect_timeout: return "connect_timeout";
        case errc::read_timeout: return "read_timeout";
        case errc::deadline_exceeded: return "deadline_exceeded";
        case errc::cancelled: return "cancelled";
        case errc::decode_failed: return "decode_failed";
        case errc::invalid_url: return "invalid_url";
        case errc::unsupported_scheme: return "unsupported_scheme";
        case errc::invalid_header: return "invalid_header";
        case errc::invalid_body: return "invalid_body";
        case errc::io_failed: return "io_failed";
        case errc::body_too_large: return "body_too_large";
        case errc::too_many_redirects: return "too_many_redirects";
        case errc::insecure_redirect: return "insecure_redirect";
        case errc::circuit_open: return "circuit_open";
        case errc::cache_miss: return "cache_miss";
        case errc::validation_failed: return "validation_failed";
        case errc::unauthorized: return "unauthorized";
        case errc::forbidden: return "forbidden";
        case errc::not_found: return "not_found";
        case errc::conflict: return "conflict";
        case errc::rate_limited: return "rate_limited";
        case errc::server_error: return "server_error";
        case errc::unexpected_status: return "unexpected_status";
        case errc::internal_error: return "internal_error";
    }
    return "unknown";
}

std::string_view to_string(error_kind kind) noexcept {
    switch (kind) {
        case error_kind::network: return "network";
        case error_kind::timeout: return "timeout";
        case error_kind::cancelled: return "cancelled";
        case error_kind::decode: return "decode";
        case error_kind::invalid_request: return "invalid_request";
        case error_kind::policy: return "policy";
        case error_kind::http: return "http";
        case error_kind::internal: return "internal";
    }
    return "unknown";
}

errc errc_for_status(int status) noexcept {
    switch (status) {
        case 400:
        case 422: return errc::validation_failed;
        case 401: return errc::unauthorized;
        case 403: return errc::forbidden;
        case 404: return errc::not_found;
        case 409: return errc::conflict;
        case 429: return errc::rate_limited;
        default: break;
    }
    return status >= 500 && status <= 599 ? errc::server_error : errc::unexpected_status;
}

}  // namespace tether
