#include <tether/http/retry_after.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string_view>
#include <vector>

namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;
using std::chrono::system_clock;
using tether::http::parse_http_date;
using tether::http::parse_retry_after;

// Sun, 06 Nov 1994 08:49:37 GMT, the RFC 9110 §5.6.7 example, as Unix time.
const system_clock::time_point rfc_example = system_clock::time_point(seconds(784111777));

TEST(retry_after, delay_seconds_are_read_as_is) {
    const std::vector<std::pair<std::string_view, seconds>> cases = {
        {"0", 0s}, {"1", 1s}, {"120", 120s}, {"86400", 86400s}, {"007", 7s},
    };
    for (const auto& [text, expected] : cases) {
        EXPECT_EQ(parse_retry_after(text, rfc_example), expected) << text;
    }
}

TEST(retry_after, surrounding_whitespace_is_ignored) {
    EXPECT_EQ(parse_retry_after(" 30 ", rfc_example), 30s);
    EXPECT_EQ(parse_retry_after("\t30", rfc_example), 30s);
}

TEST(retry_after, delay_seconds_do_not_depend_on_now) {
    EXPECT_EQ(parse_retry_after("5", system_clock::time_point{}), 5s);
    EXPECT_EQ(parse_retry_after("5", rfc_example + 1000h), 5s);
}

TEST(retry_after, every_http_date_form_is_relative_to_now) {
    const auto now = rfc_example - 120s;
    for (std::string_view date : {
             "Sun, 06 Nov 1994 08:49:37 GMT",   // IMF-fixdate
             "Sunday, 06-Nov-94 08:49:37 GMT",  // obsolete RFC 850
             "Sun Nov  6 08:49:37 1994",        // asctime
         }) {
        EXPECT_EQ(parse_retry_after(date, now), 120s) << date;
    }
}

TEST(retry_after, a_date_far_ahead_gives_the_whole_distance) {
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", rfc_example - 48h), seconds(48 * 3600));
}

TEST(retry_after, a_fraction_of_a_second_rounds_up) {
    // Waiting a little longer is safe; waiting too little earns another 429.
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", rfc_example - 1500ms), 2s);
}

TEST(retry_after, a_date_in_the_past_gives_zero) {
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", rfc_example + 1h), 0s);
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", rfc_example), 0s);
}

TEST(retry_after, garbage_gives_nullopt) {
    for (std::string_view text : {"", " ", "soon", "-5", "+5", "1.5", "12abc", "0x10", "5 s",
                                  "Sun, 06 Nov 1994 08:49:37",        // no GMT
                                  "Sun, 06 Nov 1994 08:49:37 GMT x",  // trailing text
                                  "06 Nov 1994"}) {
        EXPECT_EQ(parse_retry_after(text, rfc_example), std::nullopt) << "'" << text << "'";
    }
}

TEST(retry_after, a_huge_digit_string_is_a_very_long_delay_not_an_error) {
    auto delay = parse_retry_after("99999999999999999999999999999", rfc_example);
    ASSERT_TRUE(delay.has_value());
    // Whether saturated or capped, it must not wrap to a small or negative value.
    EXPECT_GE(*delay, seconds(100LL * 365 * 24 * 3600));
}

TEST(http_date, every_form_gives_the_same_time_point) {
    for (std::string_view date : {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                                  "Sun Nov  6 08:49:37 1994"}) {
        EXPECT_EQ(parse_http_date(date), rfc_example) << date;
    }
}

TEST(http_date, other_dates_are_read_exactly) {
    // 2024-02-29T23:59:59Z, a leap day.
    EXPECT_EQ(parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT"), system_clock::time_point(seconds(1709251199)));
    EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), system_clock::time_point(seconds(0)));
}

TEST(http_date, non_dates_give_nullopt) {
    for (std::string_view text : {"", "yesterday", "2024-02-29T23:59:59Z", "Sun, 06 Nov 1994"}) {
        EXPECT_EQ(parse_http_date(text), std::nullopt) << text;
    }
}

}  // namespace
