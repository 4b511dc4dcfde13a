#pragma once
// The pin check of one TLS connection, run by OpenSSL right after it has
// verified the server's chain, inside the handshake: a mismatch aborts the
// handshake before any byte of a request is sent.
//
// OpenSSL calls the verify function installed by verify_pins_on() in place
// of X509_verify_cert; it calls X509_verify_cert itself, so pins only ever
// add to verification, and then looks at the chain X509_verify_cert built
// and trusted (X509_STORE_CTX_get0_chain), not the one the server sent:
// a pin on the root CA matches although servers rarely send their root,
// and certificates the server adds that do not chain up are never looked at.
// With SSL_VERIFY_NONE OpenSSL ignores the outcome: pins need verify_peer.

#include "spki_pin.hpp"

#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <vector>

namespace tether::tls {

class pin_check {
public:
    /// Accepts a chain with any of `expected` (which may not be empty).
    pin_check(std::string host, std::vector<spki_hash> expected);

    /// Whether the verified chain has a pinned key; if not, failure() says
    /// so for an operator. Called by OpenSSL on the connection's thread.
    bool accepts(STACK_OF(X509) * verified_chain);

    [[nodiscard]] bool failed() const noexcept { return !failure_.empty(); }
    /// "certificate pinning failed for <host>: expected one of sha256/...;
    /// the server's verified chain has sha256/... (CN=...), ...; update
    /// tls_options::pins if the server rotated its keys (...)".
    [[nodiscard]] const std::string& failure() const noexcept { return failure_; }

private:
    std::string host_;
    std::vector<spki_hash> expected_;
    std::string failure_;
};

/// Makes every handshake on `ctx` run the pin check attached to its
/// connection (SSL) or, failing that, to `ctx` itself; a connection without
/// one is verified as usual.
void verify_pins_on(SSL_CTX* ctx) noexcept;

/// Attaches `check` to one connection; it lives as long as `ssl` does.
/// False when out of memory.
bool attach(SSL* ssl, std::shared_ptr<pin_check> check) noexcept;
/// Attaches `check` to a context that serves one connection (as libcurl's
/// contexts do, one per connection).
bool attach(SSL_CTX* ctx, std::shared_ptr<pin_check> check) noexcept;

}  // namespace tether::tls
