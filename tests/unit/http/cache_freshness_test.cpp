// Age and freshness lifetime of stored responses (RFC 9111 §4.2), on fixed times.

#include "http/cache/freshness.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;
using tether::http::cached_response;
using tether::http::headers;
using tether::http::cache::current_age;
using tether::http::cache::evaluate;
using tether::http::cache::freshness_lifetime;
using tether::http::cache::parse_cache_control;

// Sun, 06 Nov 1994 08:49:37 GMT
const auto t0 = std::chrono::system_clock::time_point(seconds(784111777));

cached_response entry(headers fields, int status = 200, std::string url = "http://h/a") {
    cached_response e;
    e.url = std::move(url);
    e.status = status;
    e.headers = std::move(fields);
    e.request_time = t0;
    e.response_time = t0;
    return e;
}

seconds lifetime(const cached_response& e) {
    return freshness_lifetime(e, parse_cache_control(e.headers));
}

TEST(cache_freshness, max_age_wins_over_expires) {
    auto e = entry({{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"},
                    {"Expires", "Sun, 06 Nov 1994 09:49:37 GMT"},
                    {"Cache-Control", "max-age=60"}});
    EXPECT_EQ(lifetime(e), 60s);
}

TEST(cache_freshness, expires_counts_from_date) {
    auto e = entry({{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"Expires", "Sun, 06 Nov 1994 09:49:37 GMT"}});
    EXPECT_EQ(lifetime(e), 3600s);
}

TEST(cache_freshness, an_invalid_or_past_expires_is_already_expired) {
    EXPECT_EQ(lifetime(entry({{"Expires", "0"}})), 0s);
    EXPECT_EQ(lifetime(entry({{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"Expires", "Sun, 06 Nov 1994 07:00:00 GMT"}})),
              0s);
}

TEST(cache_freshness, heuristic_is_a_tenth_of_the_last_modified_age_for_cacheable_statuses_without_query) {
    headers h{{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"Last-Modified", "Sun, 06 Nov 1994 06:49:37 GMT"}};
    EXPECT_EQ(lifetime(entry(h)), 720s) << "two hours old: 12 minutes";
    EXPECT_EQ(lifetime(entry(h, 404)), 720s);
    EXPECT_EQ(lifetime(entry(h, 500)), 0s) << "500 is not heuristically cacheable";
    EXPECT_EQ(lifetime(entry(h, 200, "http://h/a?x=1")), 0s) << "URLs with a query get no heuristic";
    EXPECT_EQ(lifetime(entry({{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"}})), 0s) << "no Last-Modified, no heuristic";
}

TEST(cache_freshness, age_adds_the_age_header_the_response_delay_and_the_resident_time) {
    auto e = entry({{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"Age", "30"}, {"Cache-Control", "max-age=100"}});
    e.request_time = t0 - 2s;  // two seconds on the way
    EXPECT_EQ(current_age(e, t0), 32s);
    EXPECT_EQ(current_age(e, t0 + 50s), 82s);
    const auto f = evaluate(e, parse_cache_control(e.headers), t0 + 50s);
    EXPECT_TRUE(f.fresh());
    const auto later = evaluate(e, parse_cache_control(e.headers), t0 + 80s);
    EXPECT_FALSE(later.fresh());
    EXPECT_EQ(later.staleness(), 12s);
}

TEST(cache_freshness, a_date_in_the_past_counts_as_apparent_age) {
    auto e = entry({{"Date", "Sun, 06 Nov 1994 08:48:37 GMT"}});
    EXPECT_EQ(current_age(e, t0), 60s);
}

TEST(cache_freshness, a_date_in_the_future_gives_no_negative_age) {
    auto e = entry({{"Date", "Sun, 06 Nov 1994 09:49:37 GMT"}});
    EXPECT_EQ(current_age(e, t0), 0s);
}

}  // namespace
