#pragma once
// The client-wide settings the curl transport applies to every exchange.

#include <tether/core/tls_options.hpp>
#include <tether/http/client_options.hpp>
#include <tether/http/proxy.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace tether::http::curl {

struct transport_settings {
    tls_options tls;
    proxy_options proxy;
    // Read once, when the client is made, so that every request of a client
    // agrees and no request pays for getenv.
    proxy_environment proxy_env;
    bool http2 = true;
    bool decompress = true;
    std::size_t max_connections_per_host = 0;
    std::size_t max_connections = 0;
    std::chrono::milliseconds idle_connection_timeout{60'000};

    static transport_settings from(const client_options& options);
};

}  // namespace tether::http::curl
