#include "tls_setup.hpp"

#include <stdexcept>

namespace tether::tls {

tls_setup::tls_setup(const tls_options& options) : pins_(options.pins) {
    // OpenSSL ignores what the verify step says under SSL_VERIFY_NONE, and a
    // pin matched on a chain nobody verified proves nothing (OkHttp pins on
    // the cleaned, trusted chain for the same reason). Refused rather than
    // quietly weakened.
    if (!pins_.empty() && !options.verify_peer) {
        throw std::invalid_argument(
            "tls_options::pins are set but verify_peer is false: pins add to certificate verification and cannot "
            "replace it; turn verify_peer back on (and trust the server's CA with ca_file or ca_pem)");
    }
    if (options.client_certificate) identity_.emplace(*options.client_certificate);
}

bool tls_setup::apply(SSL_CTX* ctx) const noexcept {
    if (identity_ && !identity_->apply(ctx)) return false;
    if (pinning()) verify_pins_on(ctx);
    return true;
}

std::shared_ptr<pin_check> tls_setup::check_for(std::string_view host) const {
    auto expected = pins_.pins_for(host);
    if (expected.empty()) return nullptr;
    return std::make_shared<pin_check>(canonical_host(host), std::move(expected));
}

}  // namespace tether::tls
