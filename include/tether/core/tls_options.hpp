#pragma once
/// @file
/// TLS settings shared by every protocol (HTTP, WebSocket).

#include <filesystem>
#include <string>

namespace tether {

/// How servers are authenticated. Verification is on by default and stays on
/// unless `verify_peer` is switched off explicitly.
///
/// @code
/// tether::tls_options tls;
/// tls.ca_file = "/etc/my-company/root-ca.pem";   // trust a private CA
/// @endcode
struct tls_options {
    /// A PEM bundle of trusted CAs, replacing the system's (empty: the system's).
    std::filesystem::path ca_file;
    /// PEM text of trusted CAs, replacing the system's (empty: unused).
    /// Takes precedence over `ca_file`.
    std::string ca_pem;
    /// Verify the certificate chain and the host name. Turning this off makes
    /// TLS worthless against an active attacker; only for local experiments.
    bool verify_peer = true;
};

}  // namespace tether
