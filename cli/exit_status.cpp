#include "exit_status.hpp"

namespace tether::cli {

int exit_status_for(const error& e) noexcept {
    switch (e.kind()) {
        case error_kind::network: return exit_network;
        case error_kind::timeout: return exit_timeout;
        case error_kind::cancelled: return exit_cancelled;
        case error_kind::invalid_request:
            return e.code() == errc::io_failed ? exit_failure : exit_usage;
        case error_kind::http: {
            const int status = e.status().value_or(0);
            if (status >= 500) return exit_server_error;
            if (status >= 400) return exit_client_error;
            return exit_failure;
        }
        case error_kind::decode:
        case error_kind::policy:
        case error_kind::internal: break;
    }
    return exit_failure;
}

}  // namespace tether::cli
