#include <tether/http/proxy.hpp>

#include "../core/ascii.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <cstdlib>

namespace tether::http {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

std::string env_either(const char* lower, const char* upper) {
    auto v = env(lower);
    return v.empty() && upper ? env(upper) : v;
}

// no_proxy as curl and Go read it: comma-separated entries; "*" matches
// everything; an entry matches the host itself or any subdomain, with or
// without a leading dot; an entry may carry a port.
bool bypasses(std::string_view no_proxy, std::string_view host, std::string_view port) {
    std::size_t start = 0;
    while (start <= no_proxy.size()) {
        auto end = no_proxy.find(',', start);
        if (end == std::string_view::npos) end = no_proxy.size();
        auto entry = detail::trim(no_proxy.substr(start, end - start));
        start = end + 1;
        if (entry.empty()) continue;
        if (entry == "*") return true;
        if (entry.front() == '[') {
            // "[::1]" or "[::1]:8080"
            auto close = entry.find(']');
            if (close == std::string_view::npos) continue;
            if (close + 1 < entry.size()) {
                if (entry[close + 1] != ':' || entry.substr(close + 2) != port) continue;
            }
            entry = entry.substr(1, close - 1);
        } else if (auto colon = entry.rfind(':'); colon != std::string_view::npos && entry.find(':') == colon) {
            // "host:port"; an entry with several colons is a bare IPv6 address.
            if (entry.substr(colon + 1) != port) continue;
            entry = entry.substr(0, colon);
        }
        if (!entry.empty() && entry.front() == '.') entry.remove_prefix(1);
        if (detail::iequals(host, entry)) return true;
        if (host.size() > entry.size() && host[host.size() - entry.size() - 1] == '.' &&
            detail::iequals(host.substr(host.size() - entry.size()), entry)) {
            return true;
        }
    }
    return false;
}

}  // namespace

proxy_environment proxy_environment::from_process() {
    return {env_either("https_proxy", "HTTPS_PROXY"), env_either("http_proxy", nullptr),
            env_either("all_proxy", "ALL_PROXY"), env_either("no_proxy", "NO_PROXY")};
}

std::optional<proxy_choice> choose_proxy(const proxy_options& options, const proxy_environment& environment,
                                         std::string_view target_url) {
    const bool from_env = options.url.empty() && options.from_environment;
    if (options.url.empty() && (!from_env || (environment.https_proxy.empty() && environment.http_proxy.empty() &&
                                              environment.all_proxy.empty()))) {
        return std::nullopt;  // no proxy anywhere: nothing to parse
    }
    auto target = boost::urls::parse_uri(target_url);
    if (!target) return std::nullopt;
    auto scheme = detail::to_lower(target->scheme());
    // IPv6 hosts compare without brackets, as curl writes no_proxy entries ("::1").
    std::string host(target->host_type() == boost::urls::host_type::ipv6 ? std::string(target->host_address())
                                                                         : std::string(target->encoded_host()));
    std::string port(target->port());
    if (port.empty()) port = scheme == "https" ? "443" : "80";

    std::string proxy = options.url;
    std::string no_proxy = options.no_proxy;
    if (proxy.empty() && options.from_environment) {
        proxy = scheme == "https" ? environment.https_proxy : environment.http_proxy;
        if (proxy.empty()) proxy = environment.all_proxy;
        if (no_proxy.empty()) no_proxy = environment.no_proxy;
    }
    if (proxy.empty() || bypasses(no_proxy, host, port)) return std::nullopt;

    // A proxy given without a scheme is an HTTP proxy, as curl reads it.
    if (proxy.find("://") == std::string::npos) proxy = "http://" + proxy;
    proxy_choice choice{proxy, options.username, options.password};
    if (auto parsed = boost::urls::parse_uri(proxy)) {
        boost::urls::url u = *parsed;
        if (choice.username.empty() && u.has_userinfo()) {
            choice.username = u.user();
            choice.password = u.password();
        }
        u.remove_userinfo();
        choice.url = std::string(u.buffer());
    }
    return choice;
}

}  // namespace tether::http
