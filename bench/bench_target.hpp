#pragma once
// The one URL every client in the benchmark fetches, split the way the raw
// clients need it (tether and curl take the URL whole; Beast wants the
// endpoint and the request target).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tether::bench {

struct bench_target {
    std::string url;   // http://127.0.0.1:8080/json
    std::string host;  // 127.0.0.1 (an IP literal: no resolver on the hot path)
    std::uint16_t port = 80;
    std::string path;  // /json
};

// Only plain http:// with an IP-literal host: the benchmark measures the
// client on loopback, not DNS or TLS.
[[nodiscard]] std::optional<bench_target> parse_target(std::string_view url);

}  // namespace tether::bench
