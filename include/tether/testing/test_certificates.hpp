#pragma once
/// @file
/// Certificates for TLS tests, made on the spot.

#include <string>
#include <vector>

namespace tether::testing {

/// A private CA and a server certificate it signed, as PEM text.
struct test_certificates {
    std::string ca_pem;    ///< trust this (tls_options::ca_pem)
    std::string cert_pem;  ///< the server's certificate
    std::string key_pem;   ///< the server's private key (unencrypted)
};

/// A fresh P-256 CA and a server certificate valid for one day for
/// `dns_names` and `ip_addresses` (subjectAltName). Throws
/// std::runtime_error if OpenSSL fails.
[[nodiscard]] test_certificates make_test_certificates(std::vector<std::string> dns_names = {"localhost"},
                                                       std::vector<std::string> ip_addresses = {"127.0.0.1"});

/// One certificate with its private key, as PEM, and its public-key pin.
struct test_certificate {
    std::string cert_pem;
    std::string key_pem;  ///< unencrypted
    /// "sha256/<base64>" of the SHA-256 of its SubjectPublicKeyInfo, computed
    /// here with OpenSSL (independently of the client's pinning code).
    std::string pin;
};

/// A small PKI for pinning and mutual-TLS tests: a chain root → intermediate
/// → leaf, an unrelated CA, a self-signed server certificate and client
/// certificates. Every key is a fresh P-256 key; certificates are valid for
/// a day.
///
/// @code
/// auto pki = tether::testing::make_test_pki();
/// mock_server server({.tls = true,
///                     .certificate_chain_pem = pki.server_chain_pem(),
///                     .private_key_pem = pki.leaf.key_pem});
/// opts.tls.ca_pem = pki.root.cert_pem;
/// opts.tls.pins = {{"127.0.0.1", {pki.intermediate.pin}}};
/// @endcode
struct test_pki {
    test_certificate root;          ///< "tether test root": trust this
    test_certificate intermediate;  ///< "tether test intermediate", signed by root
    test_certificate leaf;          ///< the server's, signed by intermediate
    test_certificate other_ca;      ///< "tether test other CA", unrelated to root
    test_certificate self_signed;   ///< a server certificate for the same names, signed by its own key
    test_certificate client;        ///< "tether test client" (clientAuth), signed by root
    test_certificate other_client;  ///< "tether test stranger" (clientAuth), signed by other_ca

    /// Leaf then intermediate: what a server sends (mock_server_options::certificate_chain_pem).
    [[nodiscard]] std::string server_chain_pem() const { return leaf.cert_pem + intermediate.cert_pem; }
};

/// A fresh test_pki whose server certificates are valid for `dns_names` and
/// `ip_addresses`. Throws std::runtime_error if OpenSSL fails.
[[nodiscard]] test_pki make_test_pki(std::vector<std::string> dns_names = {"localhost"},
                                     std::vector<std::string> ip_addresses = {"127.0.0.1"});

/// Another server certificate (a new key) signed by the CA `issuer`, e.g. a
/// second server under the same CA, or a key rotation.
[[nodiscard]] test_certificate make_test_server_certificate(const test_certificate& issuer,
                                                            std::vector<std::string> dns_names = {"localhost"},
                                                            std::vector<std::string> ip_addresses = {"127.0.0.1"});

/// `key_pem` encrypted with AES-256 under `password` (PKCS#8 PEM).
[[nodiscard]] std::string encrypt_test_key(const std::string& key_pem, const std::string& password);

}  // namespace tether::testing
