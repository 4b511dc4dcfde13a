#include "native_errors.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

#include <openssl/x509.h>

#include <string>

namespace tether::http::native {

namespace asio = boost::asio;

error dns_error(std::string_view host, const boost::system::error_code& ec) {
    return error(errc::dns_failed, "could not resolve host '" + std::string(host) + "' (" + ec.message() +
                                       "); check the host name and that this machine is online");
}

error connect_error(std::string_view host, unsigned port, const boost::system::error_code& ec) {
    const auto where = std::string(host) + " port " + std::to_string(port);
    if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
        return error(errc::connection_reset, "the connection to " + where + " was reset while opening (" +
                                                 ec.message() + "); trying again may help");
    }
    if (ec == asio::error::connection_refused || ec == asio::error::host_unreachable ||
        ec == asio::error::network_unreachable || ec == asio::error::timed_out) {
        return error(errc::connection_refused, "could not connect to " + where + " (" + ec.message() +
                                                   "); check that the server is running and reachable on that port");
    }
    return error(errc::network_failed, "could not connect to " + where + " (" + ec.message() + ")");
}

error tls_error(std::string_view host, const boost::system::error_code& ec, long verify_result) {
    std::string what = "the TLS handshake with " + std::string(host) + " failed";
    if (verify_result != X509_V_OK) {
        what += ": the server's certificate was not accepted (";
        what += X509_verify_cert_error_string(verify_result);
        what += ")";
    } else {
        what += " (" + ec.message() + ")";
    }
    return error(errc::tls_failed, what + "; check the server's certificate and tls_options::ca_file");
}

bool is_connection_loss(const boost::system::error_code& ec) noexcept {
    return ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::error::connection_aborted || ec == asio::ssl::error::stream_truncated ||
           ec == asio::error::not_connected;
}

error transfer_error(const boost::system::error_code& ec, bool sending) {
    if (is_connection_loss(ec)) {
        return error(errc::connection_reset, std::string("the connection broke while ") +
                                                 (sending ? "sending the request" : "receiving the response") +
                                                 " (" + ec.message() + "); trying again may help");
    }
    if (ec.category() == asio::error::get_ssl_category()) {
        // Over TLS 1.3 a server's refusal of the client's certificate (an
        // alert) arrives after the handshake, with the first read.
        return error(errc::tls_failed, "the TLS layer failed (" + ec.message() +
                                           "); if the server asks for a client certificate, check "
                                           "tls_options::client_certificate");
    }
    return error(errc::network_failed, std::string(sending ? "sending" : "receiving") + " failed (" + ec.message() + ")");
}

}  // namespace tether::http::native
