#pragma once
// Typed errors for what sockets, the resolver and TLS report.

#include <tether/core/error.hpp>

#include <boost/system/error_code.hpp>

#include <string_view>

namespace tether::http::native {

/// The host name did not resolve.
[[nodiscard]] error dns_error(std::string_view host, const boost::system::error_code& ec);
/// No connection to any of the host's addresses.
[[nodiscard]] error connect_error(std::string_view host, unsigned port, const boost::system::error_code& ec);
/// The TLS handshake failed; `verify_result` is OpenSSL's verdict on the
/// certificate (X509_V_OK when the failure was elsewhere).
[[nodiscard]] error tls_error(std::string_view host, const boost::system::error_code& ec, long verify_result);
/// Sending or receiving broke off.
[[nodiscard]] error transfer_error(const boost::system::error_code& ec, bool sending);

/// Whether `ec` says the peer closed or reset the connection.
[[nodiscard]] bool is_connection_loss(const boost::system::error_code& ec) noexcept;

}  // namespace tether::http::native
