// Cache-Control parsing: every directive a private cache acts on.

#include "http/cache/cache_control.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace {

using tether::http::headers;
using tether::http::cache::parse_cache_control;
using tether::http::cache::parse_delta_seconds;

TEST(cache_control, reads_each_directive_case_insensitively_across_lines) {
    headers h;
    h.add("Cache-Control", "Public, MAX-AGE=60");
    h.add("cache-control", "must-revalidate,no-cache, private , s-maxage=10");
    const auto d = parse_cache_control(h);
    EXPECT_TRUE(d.is_public);
    EXPECT_TRUE(d.is_private);
    EXPECT_TRUE(d.no_cache);
    EXPECT_TRUE(d.must_revalidate);
    EXPECT_FALSE(d.no_store);
    EXPECT_EQ(d.max_age, 60);
    EXPECT_EQ(d.s_maxage, 10);
}

TEST(cache_control, quoted_arguments_may_hold_commas) {
    const auto d = parse_cache_control(headers{{"Cache-Control", R"(no-cache="Set-Cookie, X-A", max-age="30", no-store)"}});
    EXPECT_TRUE(d.no_cache);
    EXPECT_EQ(d.max_age, 30);
    EXPECT_TRUE(d.no_store);
}

TEST(cache_control, an_invalid_max_age_reads_as_zero_and_duplicates_keep_the_smallest) {
    EXPECT_EQ(parse_cache_control(headers{{"Cache-Control", "max-age=abc"}}).max_age, 0);
    EXPECT_EQ(parse_cache_control(headers{{"Cache-Control", "max-age=-5"}}).max_age, 0);
    EXPECT_EQ(parse_cache_control(headers{{"Cache-Control", "max-age=100, max-age=20"}}).max_age, 20);
}

TEST(cache_control, request_directives) {
    const auto d = parse_cache_control(headers{{"Cache-Control", "only-if-cached, min-fresh=5, max-stale"}});
    EXPECT_TRUE(d.only_if_cached);
    EXPECT_EQ(d.min_fresh, 5);
    EXPECT_EQ(d.max_stale, std::numeric_limits<std::int64_t>::max()) << "a bare max-stale accepts any staleness";
    EXPECT_EQ(parse_cache_control(headers{{"Cache-Control", "max-stale=90"}}).max_stale, 90);
}

TEST(cache_control, pragma_no_cache_counts_only_without_cache_control) {
    EXPECT_TRUE(parse_cache_control(headers{{"Pragma", "no-cache"}}).no_cache);
    EXPECT_FALSE(parse_cache_control(headers{{"Pragma", "no-cache"}, {"Cache-Control", "max-age=5"}}).no_cache);
}

TEST(cache_control, unknown_and_empty_directives_are_ignored) {
    const auto d = parse_cache_control(headers{{"Cache-Control", ",, immutable, foo=\"bar\", ,max-age=7"}});
    EXPECT_EQ(d.max_age, 7);
    EXPECT_FALSE(d.no_store);
}

TEST(cache_control, delta_seconds) {
    EXPECT_EQ(parse_delta_seconds("0"), 0);
    EXPECT_EQ(parse_delta_seconds("86400"), 86400);
    EXPECT_EQ(parse_delta_seconds("99999999999999999999999"), std::int64_t{1} << 31) << "capped at 2^31";
    EXPECT_FALSE(parse_delta_seconds(""));
    EXPECT_FALSE(parse_delta_seconds("1.5"));
    EXPECT_FALSE(parse_delta_seconds(" 1"));
}

}  // namespace
