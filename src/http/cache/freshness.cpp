#include "freshness.hpp"

#include <tether/http/retry_after.hpp>

#include <algorithm>

namespace tether::http::cache {

namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

std::optional<system_clock::time_point> date_field(const headers& fields, std::string_view name) {
    auto v = fields.get(name);
    if (!v) return std::nullopt;
    return parse_http_date(*v);
}

// The Date the origin sent, or the time the response arrived (§4.2.3:
// a recipient without a Date uses the time of receipt).
system_clock::time_point date_value(const cached_response& entry) {
    return date_field(entry.headers, "Date").value_or(entry.response_time);
}

seconds non_negative(system_clock::duration d) {
    return std::max(seconds{0}, std::chrono::duration_cast<seconds>(d));
}

bool has_query(const std::string& url) {
    const auto fragment = url.find('#');
    return url.find('?') < fragment;
}

}  // namespace

bool heuristically_cacheable(int status) noexcept {
    switch (status) {
        case 200: case 203: case 204: case 300: case 301: case 308:
        case 404: case 405: case 410: case 414: case 501:
            return true;
        default:
            return false;
    }
}

seconds freshness_lifetime(const cached_response& entry, const cache_directives& directives) {
    if (directives.max_age) return seconds{*directives.max_age};
    if (entry.headers.contains("Expires")) {
        // An invalid Expires (e.g. "0") means already expired (§5.3).
        auto expires = date_field(entry.headers, "Expires");
        if (!expires) return seconds{0};
        return non_negative(*expires - date_value(entry));
    }
    if (!heuristically_cacheable(entry.status) || has_query(entry.url)) return seconds{0};
    if (auto modified = date_field(entry.headers, "Last-Modified")) {
        return non_negative(date_value(entry) - *modified) / 10;
    }
    return seconds{0};
}

seconds current_age(const cached_response& entry, system_clock::time_point now) {
    const auto age_value = seconds{parse_delta_seconds(entry.headers.get("Age").value_or("")).value_or(0)};
    const auto apparent_age = non_negative(entry.response_time - date_value(entry));
    const auto response_delay = non_negative(entry.response_time - entry.request_time);
    const auto corrected_initial_age = std::max(apparent_age, age_value + response_delay);
    const auto resident_time = non_negative(now - entry.response_time);
    return corrected_initial_age + resident_time;
}

freshness evaluate(const cached_response& entry, const cache_directives& directives, system_clock::time_point now) {
    return {freshness_lifetime(entry, directives), current_age(entry, now)};
}

}  // namespace tether::http::cache
