#pragma once
/// @file
/// TLS settings shared by every protocol (HTTP, WebSocket).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tether {

/// Public-key pins for the hosts matching `host_pattern`, as OkHttp's
/// CertificatePinner has them: a connection is accepted when any certificate
/// of the *verified* chain (leaf, intermediates or root) has the SHA-256 of
/// its SubjectPublicKeyInfo among the pins of every pattern matching the
/// host. Pinning adds to certificate verification; it never replaces it.
///
/// `host_pattern` is a host name or IP address ("api.example.com",
/// "10.0.0.7"), `*.example.com` (exactly one more label: "api.example.com",
/// not "example.com" nor "a.b.example.com") or `**.example.com` (zero or
/// more labels: "example.com" and every name under it); case-insensitive.
/// Each pin is "sha256/" and the base64 of the hash, as `tether pin HOST`
/// prints it. List a backup pin (a key not deployed yet, or the issuing
/// CA's) so that a key rotation does not lock the application out.
///
/// @code
/// tls.pins.push_back({"api.example.com", {"sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",    // current key
///                                         "sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="}});  // backup
/// @endcode
struct certificate_pin {
    std::string host_pattern{};
    std::vector<std::string> sha256{};
};

/// The certificate a client presents when the server asks for one (mutual
/// TLS). PEM text takes precedence over the file of the same role.
///
/// @code
/// tls.client_certificate = tether::client_certificate{.cert_file = "client.pem", .key_file = "client.key"};
/// @endcode
struct client_certificate {
    /// The client's certificate, then any intermediates the server needs.
    std::string cert_pem{};
    std::filesystem::path cert_file{};
    /// Its private key (PKCS#8 or traditional PEM, encrypted or not).
    std::string key_pem{};
    std::filesystem::path key_file{};
    /// The password of an encrypted key.
    std::string key_password{};
};

/// How servers are authenticated, and how the client authenticates itself.
/// Verification is on by default and stays on unless `verify_peer` is
/// switched off explicitly. Checked when a client is made: malformed pins, a
/// client certificate that cannot be loaded or does not match its key, or
/// pins without verification throw std::invalid_argument.
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
    /// Pins need it on (a pin on a chain nobody verified proves nothing).
    bool verify_peer = true;
    /// Public-key pins per host pattern; hosts no pattern matches are not
    /// pinned. A mismatch fails the connection with errc::pinning_failed
    /// before any byte of the request is sent.
    std::vector<certificate_pin> pins{};
    /// Presented to servers that ask for a client certificate (mTLS).
    std::optional<tether::client_certificate> client_certificate{};
};

}  // namespace tether
