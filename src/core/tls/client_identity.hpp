#pragma once
// tls_options::client_certificate, loaded and checked once per client: the
// certificate, its chain and the private key, ready to be put on every TLS
// context the client's transports make. Immutable; thread-safe (OpenSSL's
// certificates and keys are reference-counted and read-only once loaded).

#include <tether/core/tls_options.hpp>

#include <openssl/ssl.h>

#include <memory>
#include <vector>

namespace tether::tls {

class client_identity {
public:
    /// Throws std::invalid_argument when the certificate or key cannot be
    /// read, or the key does not belong to the certificate.
    explicit client_identity(const client_certificate& source);

    /// Presents this identity on every connection made from `ctx`. False if
    /// OpenSSL refuses (out of memory).
    [[nodiscard]] bool apply(SSL_CTX* ctx) const noexcept;

private:
    struct x509_free {
        void operator()(X509* p) const noexcept { X509_free(p); }
    };
    struct key_free {
        void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
    };
    std::unique_ptr<X509, x509_free> cert_;
    std::vector<std::unique_ptr<X509, x509_free>> chain_;
    std::unique_ptr<EVP_PKEY, key_free> key_;
};

}  // namespace tether::tls
