#pragma once
// The libcurl transport: HTTP/1.1 and HTTP/2 (ALPN), proxies, TLS, with the
// multi interface driven by the client's event loop.

#include "multi_driver.hpp"

#include <tether/http/transport.hpp>

#include <memory>

namespace tether::http::curl {

class curl_transport final : public transport {
public:
    curl_transport(boost::asio::any_io_executor executor, const client_options& options);
    ~curl_transport() override;
    [[nodiscard]] task<result<response>> send(request req, call_options options) override;

private:
    std::shared_ptr<multi_driver> driver_;
};

}  // namespace tether::http::curl
