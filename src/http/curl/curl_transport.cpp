#include "curl_transport.hpp"

#include "../../core/tls/tls_setup.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stdexcept>
#include <string_view>

namespace tether::http::curl {

namespace {

// Pins and client certificates are put on the SSL_CTX curl makes
// (CURLOPT_SSL_CTX_FUNCTION), which only works when curl's TLS backend is
// the OpenSSL this library is built with.
void check_tls_backend(const tls::tls_setup& setup) {
    if (!setup.changes_contexts()) return;
    const auto* info = curl_version_info(CURLVERSION_NOW);
    const std::string_view backend = info && info->ssl_version ? info->ssl_version : "none";
    if (!backend.starts_with("OpenSSL/3")) {
        throw std::invalid_argument("tls_options::pins and client_certificate need libcurl built with OpenSSL 3, but "
                                    "this libcurl uses " + std::string(backend) + "; use transport_kind::native");
    }
}

}  // namespace


transport_settings transport_settings::from(const client_options& options) {
    transport_settings s;
    s.tls = options.tls;
    s.tls_setup = std::make_shared<const tls::tls_setup>(options.tls);
    check_tls_backend(*s.tls_setup);
    s.proxy = options.proxy;
    if (s.proxy.from_environment) s.proxy_env = proxy_environment::from_process();
    s.http2 = options.http2;
    s.decompress = options.decompress;
    s.max_connections_per_host = options.max_connections_per_host;
    s.max_connections = options.max_connections;
    s.idle_connection_timeout = options.idle_connection_timeout;
    return s;
}

curl_transport::curl_transport(boost::asio::any_io_executor executor, const client_options& options)
    : driver_(std::make_shared<multi_driver>(std::move(executor), transport_settings::from(options))) {}

curl_transport::~curl_transport() {
    auto ex = driver_->executor();
    boost::asio::post(ex, [driver = std::move(driver_)] { driver->shutdown(); });
}

task<result<response>> curl_transport::send(request req, call_options options) {
    // Not a coroutine: the awaitable that async_initiate makes is handed
    // back as it is, one coroutine frame fewer per call.
    auto initiation = [driver = driver_](auto handler, request r, call_options o) {
        driver->start(std::move(r), std::move(o), completion(std::move(handler)));
    };
    return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(result<response>)>(
        std::move(initiation), boost::asio::use_awaitable, std::move(req), std::move(options));
}

}  // namespace tether::http::curl
