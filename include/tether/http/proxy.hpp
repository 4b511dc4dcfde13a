#pragma once
/// @file
/// Forward proxies: configuration and the choice of proxy for a URL.

#include <optional>
#include <string>
#include <string_view>

namespace tether::http {

/// Where requests go through a forward proxy. With `url` empty and
/// `from_environment` set, the standard variables decide: `https_proxy` /
/// `HTTPS_PROXY`, `http_proxy` (lowercase only: a CGI server sets
/// `HTTP_PROXY` from a request header, see "httpoxy", CVE-2016-5385, which
/// curl and Go ignore too), `all_proxy` / `ALL_PROXY`, `no_proxy` / `NO_PROXY`.
///
/// https URLs go through the proxy in a CONNECT tunnel; http URLs are sent
/// to the proxy in absolute form. The proxy itself may be http:// or https://.
struct proxy_options {
    /// e.g. "http://proxy.internal:3128"; user-info in it is used as credentials.
    std::string url;
    std::string username;
    std::string password;
    /// Comma-separated hosts or domain suffixes that bypass the proxy; "*" for all.
    std::string no_proxy;
    bool from_environment = true;
};

/// The proxy to use for one request.
struct proxy_choice {
    std::string url;  ///< without credentials
    std::string username;
    std::string password;
};

/// The proxy variables of an environment; see `proxy_options`.
struct proxy_environment {
    std::string https_proxy;
    std::string http_proxy;
    std::string all_proxy;
    std::string no_proxy;

    /// Reads this process's variables (lowercase first, then uppercase,
    /// except `http_proxy`).
    [[nodiscard]] static proxy_environment from_process();
};

/// The proxy for `target_url` under `options`, taking `environment` into
/// account when `options.from_environment` is set and `options.url` is
/// empty; nullopt for a direct connection.
[[nodiscard]] std::optional<proxy_choice> choose_proxy(const proxy_options& options,
                                                       const proxy_environment& environment,
                                                       std::string_view target_url);

}  // namespace tether::http
