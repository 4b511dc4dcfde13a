#include <tether/http/retry_after.hpp>

#include "../core/ascii.hpp"

#include <charconv>
#include <ctime>
#include <string>

namespace tether::http {

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
    // RFC 9110 §5.6.7: recipients accept all three formats; all are GMT.
    static constexpr const char* formats[] = {
        "%a, %d %b %Y %H:%M:%S GMT",  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "%A, %d-%b-%y %H:%M:%S GMT",  // obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        "%a %b %e %H:%M:%S %Y",       // asctime: Sun Nov  6 08:49:37 1994
    };
    const std::string input(detail::trim(text));
    for (const char* format : formats) {
        std::tm tm{};
        const char* end = ::strptime(input.c_str(), format, &tm);
        if (end == nullptr || *end != '\0') continue;
        const std::time_t t = ::timegm(&tm);
        if (t == static_cast<std::time_t>(-1)) continue;
        return std::chrono::system_clock::from_time_t(t);
    }
    return std::nullopt;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    value = detail::trim(value);
    if (value.empty()) return std::nullopt;
    if (value.find_first_not_of("0123456789") == std::string_view::npos) {
        std::int64_t seconds = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        // Digits too many to represent are a date far in the future in all but name.
        if (ec == std::errc::result_out_of_range) return std::chrono::seconds::max();
        if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
        return std::chrono::seconds(seconds);
    }
    auto when = parse_http_date(value);
    if (!when) return std::nullopt;
    if (*when <= now) return std::chrono::seconds(0);
    return std::chrono::ceil<std::chrono::seconds>(*when - now);
}

}  // namespace tether::http
