#include "sandbox_conditional.hpp"

#include <tether/http/retry_after.hpp>

namespace tether::testing::detail {

namespace {

// The opaque-tag with its quotes, without a weakness prefix ("W/").
std::string_view opaque(std::string_view tag) {
    if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
    return tag;
}

// If-None-Match = "*" / #entity-tag (RFC 9110 §13.1.2). An entity-tag may
// hold commas inside its quotes, so the list is walked tag by tag rather
// than split on commas.
bool none_match_hits(std::string_view value, std::string_view etag) {
    std::size_t at = 0;
    while (at < value.size()) {
        const char c = value[at];
        if (c == ' ' || c == '\t' || c == ',') {
            ++at;
            continue;
        }
        if (c == '*') return true;
        std::size_t start = at;
        if (value.compare(at, 2, "W/") == 0) at += 2;
        if (at >= value.size() || value[at] != '"') return false;  // malformed: no match
        const auto close = value.find('"', at + 1);
        if (close == std::string_view::npos) return false;
        // Weak comparison: equal opaque-tags, whatever their weakness (§8.8.3.2).
        if (opaque(value.substr(start, close + 1 - start)) == opaque(etag)) return true;
        at = close + 1;
    }
    return false;
}

}  // namespace

bool not_modified(const http::headers& request_headers, std::string_view etag,
                  std::chrono::system_clock::time_point last_modified) {
    const auto none_match = request_headers.get_all("If-None-Match");
    if (!none_match.empty()) {
        for (auto value : none_match) {
            if (none_match_hits(value, etag)) return true;
        }
        return false;
    }
    const auto since = request_headers.get_all("If-Modified-Since");
    if (since.size() != 1) return false;
    const auto date = http::parse_http_date(since.front());
    if (!date) return false;
    // Dates have whole seconds: compare at that precision.
    return std::chrono::floor<std::chrono::seconds>(last_modified) <= *date;
}

}  // namespace tether::testing::detail
