#pragma once
// How certificates are named in messages and in `tether pin`'s output.

#include <openssl/x509.h>

#include <string>

namespace tether::tls {

/// "O=Example, CN=api.example.com": one line, in the certificate's order
/// (as `openssl x509 -subject` prints it).
[[nodiscard]] std::string name_text(const X509_NAME* name);

/// "CN=<common name>" when the subject has one, else the whole subject.
[[nodiscard]] std::string short_subject(X509* cert);

/// The end of the validity period, "2025-06-01 12:00:00 UTC".
[[nodiscard]] std::string not_after_text(X509* cert);

}  // namespace tether::tls
