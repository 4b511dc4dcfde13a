#pragma once
// A public-key pin: the SHA-256 of a certificate's SubjectPublicKeyInfo
// (RFC 7469 §2.4), written "sha256/<base64>" as OkHttp and `tether pin` do.

#include <openssl/x509.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace tether::tls {

using spki_hash = std::array<unsigned char, 32>;

/// The hash a pin names, or nullopt when `text` is not "sha256/" followed by
/// the base64 of 32 bytes (44 characters, '=' padded).
[[nodiscard]] std::optional<spki_hash> parse_pin(std::string_view text);

/// "sha256/<base64>".
[[nodiscard]] std::string pin_text(const spki_hash& hash);

/// The hash of `cert`'s SubjectPublicKeyInfo (DER), or nullopt if OpenSSL
/// cannot encode it.
[[nodiscard]] std::optional<spki_hash> spki_hash_of(X509* cert);

}  // namespace tether::tls
