#pragma once
/// @file
/// `tether::fetch_server_certificates`: the certificate chain a TLS server
/// presents, with the pins to configure for it (what `tether pin` prints).

#include <tether/core/result.hpp>
#include <tether/core/tls_options.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tether {

/// One certificate of a server's chain.
struct certificate_summary {
    std::string subject{};    ///< "O=Example, CN=api.example.com"
    std::string issuer{};     ///< the subject of the certificate that signed it
    std::string not_after{};  ///< the end of its validity, "2025-06-01 12:00:00 UTC"
    std::string pin{};        ///< "sha256/<base64>" of its SubjectPublicKeyInfo, for tls_options::pins
};

/// What a server presented in a TLS handshake.
struct server_certificates {
    /// Leaf first. When verified, the chain OpenSSL built up to a trusted
    /// root (the root included, as pins see it); otherwise the certificates
    /// as the server sent them.
    std::vector<certificate_summary> chain{};
    bool verified = false;
    /// Why the chain did not verify (empty when it did).
    std::string verify_error{};
};

/// Connects to `host`:`port` (a name or an IP address), completes a TLS
/// handshake and reports the server's chain, to find the pins of a server.
/// Trust comes from `tls` (ca_pem, ca_file or the system's CAs) and its
/// client certificate is presented if the server asks; its pins are not
/// checked. With `tls.verify_peer` a chain that does not verify for `host`
/// is an errc::tls_failed error; without, it is returned with `verified ==
/// false`: pins read from it are only as trustworthy as the network they
/// came over. Blocks for at most about `timeout`; throws
/// std::invalid_argument for an unusable client certificate.
///
/// @code
/// auto chain = tether::fetch_server_certificates("api.example.com", 443, {}).value();
/// for (const auto& c : chain.chain) std::cout << c.pin << "  " << c.subject << '\n';
/// @endcode
///
/// @par Thread Safety
/// Any thread; each call has its own connection and event loop.
[[nodiscard]] result<server_certificates> fetch_server_certificates(
    const std::string& host, std::uint16_t port, const tls_options& tls,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace tether
