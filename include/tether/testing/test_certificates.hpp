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

}  // namespace tether::testing
