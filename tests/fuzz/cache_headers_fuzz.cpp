// Any response and request headers through the cache's rules: parsing
// Cache-Control, Vary, dates and ages never crashes, and ages and
// lifetimes are never negative. Input: response header lines, a blank
// line, request header lines.
#include "http/cache/cache_rules.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

tether::http::headers parse_lines(std::string_view text) {
    tether::http::headers h;
    while (!text.empty()) {
        auto end = text.find('\n');
        auto line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (auto colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
            h.add(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
        }
    }
    return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tether::http;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto split = input.find("\n\n");
    const auto response_fields = parse_lines(input.substr(0, split));
    const auto request_fields = split == std::string_view::npos ? headers{} : parse_lines(input.substr(split + 2));

    const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    auto req = request::get("http://h/a");
    for (const auto& f : request_fields) req.headers().add(f.name, f.value);
    response res(200, response_fields, "body");
    cache_options options;
    const auto rules = cache::rules_for(req, options);
    if (rules.max_stale.count() < 0) std::abort();
    auto entry = cache::storable_entry(req, res, options, t0, t0);
    if (!entry) return 0;
    auto stored = std::make_shared<const cached_response>(*entry);
    auto found = cache::select({stored}, req, options.partition_headers, t0 + std::chrono::seconds(30));
    if (!found) std::abort();  // a stored variant always matches the request that made it
    if (found->state.age.count() < 0 || found->state.lifetime.count() < 0) std::abort();
    (void)found->satisfies(rules);
    (void)found->may_serve_stale(rules);
    auto updated = cache::refreshed_by(*entry, response(304, request_fields), t0, t0);
    (void)cache::to_response(updated, found->state.age);
    return 0;
}
