#pragma once
/// @file
/// `tether::http::client_options`: a client's defaults and configuration.

#include <tether/core/tls_options.hpp>
#include <tether/http/call_options.hpp>
#include <tether/http/headers.hpp>
#include <tether/http/proxy.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tether::http {

class interceptor;

/// Which transport carries the requests.
enum class transport_kind {
    curl,    ///< libcurl on the event loop: HTTP/1.1, HTTP/2, proxies
    native,  ///< HTTP/1.1 on Boost.Beast: fewer features, less CPU per request
};

/// A client's configuration. Request-level `request_options` override the
/// defaults marked as such.
///
/// @code
/// http::client_options opts;
/// opts.base_url = "https://api.example.com/v1/";
/// opts.default_headers.set("Accept", "application/json");
/// opts.connect_timeout = std::chrono::seconds(3);
/// http::client client(opts);
/// @endcode
struct client_options {
    /// Relative request URLs resolve against this (RFC 3986 §5). Overridable.
    std::string base_url;
    /// Sent with every request unless the request sets the same header.
    http::headers default_headers;
    std::string user_agent = "tether/0.1";

    /// Defaults follow OkHttp's (10 s connect, 10 s read, no call timeout).
    /// Overridable per request.
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds read_timeout{10'000};
    /// 0: no deadline.
    std::chrono::milliseconds total_timeout{0};
    /// Unset: no limit. Overridable.
    std::optional<std::uint64_t> max_body_size;

    /// 20 like OkHttp and Firefox (Chrome 20, Safari 16). 0 disables following.
    /// Overridable.
    int max_redirects = 20;
    /// Following a redirect from https to http leaks what the request carried
    /// and is refused unless this is set.
    bool allow_insecure_redirects = false;
    /// Which statuses succeed at the client's edge. Overridable.
    status_policy accept_status = default_status_policy;

    /// Application interceptors, outermost first: they see each call once,
    /// before redirects are followed.
    std::vector<std::shared_ptr<interceptor>> interceptors;

    tls_options tls;
    proxy_options proxy;
    /// Negotiate HTTP/2 by ALPN when the server offers it.
    bool http2 = true;
    /// Ask for gzip, deflate and brotli, and decode them.
    bool decompress = true;
    /// Connections kept open per host and in total (0: the transport's default).
    std::size_t max_connections_per_host = 0;
    std::size_t max_connections = 0;
    /// An idle connection is closed after this long unused (the curl
    /// transport counts whole seconds, rounding up).
    std::chrono::milliseconds idle_connection_timeout{60'000};

    /// The native transport speaks HTTP/1.1 only, without proxies: it refuses
    /// (std::invalid_argument at construction) options it cannot honour, such
    /// as `http2 = true` or a configured proxy, rather than ignore them.
    transport_kind transport = transport_kind::curl;
};

}  // namespace tether::http
