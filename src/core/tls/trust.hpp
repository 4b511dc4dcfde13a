#pragma once
// Which CAs a TLS client context trusts: tls_options::ca_pem, else ca_file,
// else the system's.

#include <tether/core/result.hpp>
#include <tether/core/tls_options.hpp>

#include <boost/asio/ssl/context.hpp>

namespace tether::tls {

/// Loads the trusted CAs into `ctx`; errc::tls_failed naming the option
/// when they cannot be loaded.
[[nodiscard]] result<void> load_trust(boost::asio::ssl::context& ctx, const tls_options& tls);

}  // namespace tether::tls
