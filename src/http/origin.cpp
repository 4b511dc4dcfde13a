#include "origin.hpp"

#include "../core/ascii.hpp"

#include <boost/url/parse.hpp>

namespace tether::http::detail {

std::string origin_of(std::string_view url) {
    auto u = boost::urls::parse_uri(url);
    if (!u) return {};
    auto scheme = tether::detail::to_lower(u->scheme());
    std::string port(u->port());
    if (port.empty()) port = scheme == "https" ? "443" : "80";
    return scheme + "://" + tether::detail::to_lower(u->encoded_host()) + ":" + port;
}

}  // namespace tether::http::detail
