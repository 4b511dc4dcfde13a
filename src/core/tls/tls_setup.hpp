#pragma once
// What a client's tls_options add to OpenSSL's defaults (pins and a client
// certificate), checked once when the client is made and then applied by
// each transport: to its one TLS context (native), or to each context
// libcurl makes for a new connection (curl). Immutable; shared by every
// connection, on any thread.

#include "client_identity.hpp"
#include "pin_check.hpp"
#include "pin_set.hpp"

#include <tether/core/tls_options.hpp>

#include <openssl/ssl.h>

#include <memory>
#include <optional>
#include <string_view>

namespace tether::tls {

class tls_setup {
public:
    /// Throws std::invalid_argument for malformed pins, pins without
    /// verify_peer, or a client certificate that cannot be used.
    explicit tls_setup(const tls_options& options);

    /// Whether anything must be added to a TLS context.
    [[nodiscard]] bool changes_contexts() const noexcept { return pinning() || identity_.has_value(); }
    [[nodiscard]] bool pinning() const noexcept { return !pins_.empty(); }

    /// Puts the client certificate on `ctx` and makes its handshakes check
    /// the pins attached to their connection. False if OpenSSL refuses.
    [[nodiscard]] bool apply(SSL_CTX* ctx) const noexcept;

    /// The check for one connection to `host`, or null when `host` is not
    /// pinned.
    [[nodiscard]] std::shared_ptr<pin_check> check_for(std::string_view host) const;

private:
    pin_set pins_;
    std::optional<client_identity> identity_;
};

}  // namespace tether::tls
