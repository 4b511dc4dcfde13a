#include "sandbox_common.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>

namespace tether::testing::detail {

std::optional<std::int64_t> to_int(std::string_view text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

mock_response problem(int status, std::string title, std::string detail, json::array errors) {
    json::object body{{"type", "about:blank"}, {"title", std::move(title)}, {"status", status},
                      {"detail", std::move(detail)}};
    if (!errors.empty()) body["errors"] = std::move(errors);
    mock_response r(status);
    r.header("Content-Type", "application/problem+json").body(json::serialize(body));
    return r;
}

json::object field_error(std::string_view field, std::string_view message) {
    return {{"pointer", "#/" + std::string(field)}, {"detail", message}};
}

std::optional<json::value> parse_body(const recorded_request& req) {
    boost::system::error_code ec;
    auto v = json::parse(req.body, ec);
    if (ec) return std::nullopt;
    return v;
}

std::string client_key(const recorded_request& req) {
    if (auto header = req.headers.get("X-Client-Key")) return std::string(*header);
    return req.query_param("key").value_or("anonymous");
}

namespace {

std::tm utc(std::chrono::system_clock::time_point t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    ::gmtime_r(&seconds, &tm);
    return tm;
}

}  // namespace

std::string http_date(std::chrono::system_clock::time_point t) {
    // strftime's %a and %b follow the locale; HTTP wants the English names.
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::tm tm = utc(t);
    char out[96];
    std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return out;
}

std::string rfc3339_ms(std::chrono::system_clock::time_point t) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
    const std::tm tm = utc(t);
    char out[96];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms < 0 ? ms + 1000 : ms));
    return out;
}

bool is_plain_name(std::string_view name) noexcept {
    return !name.empty() && name.size() <= 100 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

}  // namespace tether::testing::detail
