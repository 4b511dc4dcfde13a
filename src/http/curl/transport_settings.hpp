#pragma once
// The client-wide settings the curl transport applies to every exchange.

#include <tether/core/tls_options.hpp>
#include <tether/http/client_options.hpp>
#include <tether/http/proxy.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace tether::tls {
class tls_setup;
}

namespace tether::http::curl {

struct transport_settings {
    tls_options tls;
    // Pins and the client certificate, checked when the client was made;
    // put on each TLS context curl makes (one per connection).
    std::shared_ptr<const tls::tls_setup> tls_setup;
    proxy_options proxy;
    // Read once, when the client is made, so that every request of a client
    // agrees and no request pays for getenv.
    proxy_environment proxy_env;
    bool http2 = true;
    bool decompress = true;
    std::size_t max_connections_per_host = 0;
    std::size_t max_connections = 0;
    std::chrono::milliseconds idle_connection_timeout{60'000};

    // Throws std::invalid_argument for options the transport cannot honour.
    static transport_settings from(const client_options& options);
};

}  // namespace tether::http::curl
