#include "bench_target.hpp"

#include <boost/url/parse.hpp>

namespace tether::bench {

std::optional<bench_target> parse_target(std::string_view url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || parsed->scheme() != "http" || !parsed->has_authority()) return std::nullopt;
    const auto kind = parsed->host_type();
    if (kind != boost::urls::host_type::ipv4 && kind != boost::urls::host_type::ipv6) return std::nullopt;
    bench_target t;
    t.url = std::string(url);
    t.host = parsed->host_address();
    t.port = parsed->has_port() ? parsed->port_number() : std::uint16_t{80};
    t.path = parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
    return t;
}

}  // namespace tether::bench
