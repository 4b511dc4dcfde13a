#include "curl_transport.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>


namespace tether::http::curl {


transport_settings transport_settings::from(const client_options& options) {
    transport_settings s;
    s.tls = options.tls;
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
