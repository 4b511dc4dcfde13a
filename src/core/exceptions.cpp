#include <tether/core/exceptions.hpp>

namespace tether {

exception::exception(tether::error e) : std::runtime_error(e.to_string()), error_(std::move(e)) {}

namespace {

[[noreturn]] void throw_http_error(const error& e) {
    switch (e.code()) {
        case errc::validation_failed: throw validation_error(e);
        case errc::unauthorized: throw unauthorized_error(e);
        case errc::forbidden: throw forbidden_error(e);
        case errc::not_found: throw not_found_error(e);
        case errc::conflict: throw conflict_error(e);
        case errc::rate_limited: throw rate_limited_error(e);
        case errc::server_error: throw server_error(e);
        default: throw http_error(e);
    }
}

}  // namespace

void throw_error(const error& e) {
    switch (e.kind()) {
        case error_kind::network:
            if (e.code() == errc::pinning_failed) throw pinning_error(e);
            throw network_error(e);
        case error_kind::timeout: throw timeout_error(e);
        case error_kind::cancelled: throw cancelled_error(e);
        case error_kind::decode: throw decode_error(e);
        case error_kind::invalid_request: throw invalid_request_error(e);
        case error_kind::policy:
            if (e.code() == errc::circuit_open) throw circuit_open_error(e);
            throw policy_error(e);
        case error_kind::http: throw_http_error(e);
        case error_kind::internal: break;
    }
    throw internal_error(e);
}

}  // namespace tether
