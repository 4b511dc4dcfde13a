// The retry interceptor's rules: which calls go again, and after how long.

#include "http/retry/retry_decision.hpp"

#include <tether/core/errc.hpp>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using tether::errc;
using tether::error;
using tether::result;
using tether::http::backoff_delay;
using tether::http::request;
using tether::http::response;
using tether::http::retry_policy;
using tether::http::detail::decide_retry;
using tether::http::detail::is_retryable;
using tether::http::detail::may_retry;

const auto wall = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
const auto now = std::chrono::steady_clock::time_point(std::chrono::hours(1));

result<response> status(int code) {
    response r;
    r.status(code);
    return r;
}

TEST(backoff_delay, is_full_jitter_over_a_capped_exponential) {
    retry_policy p;  // 1 s base, 30 s cap
    EXPECT_EQ(backoff_delay(p, 1, 0.0), 0ms);
    EXPECT_EQ(backoff_delay(p, 1, 0.5), 500ms);
    EXPECT_EQ(backoff_delay(p, 2, 0.5), 1000ms);
    EXPECT_EQ(backoff_delay(p, 3, 0.999), 3996ms);
    EXPECT_EQ(backoff_delay(p, 6, 0.5), 15000ms) << "1 s · 2^5 = 32 s, capped at 30 s";
    EXPECT_EQ(backoff_delay(p, 1000, 0.5), 15000ms) << "no overflow for absurd retry counts";
    EXPECT_EQ(backoff_delay(p, 0, 0.5), 0ms);
    p.base_delay = 0ms;
    EXPECT_EQ(backoff_delay(p, 3, 0.9), 0ms);
}

TEST(may_retry, idempotent_methods_and_keyed_posts_with_replayable_bodies) {
    for (const char* m : {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"}) {
        EXPECT_TRUE(may_retry(request(m, "http://h/"))) << m;
    }
    EXPECT_FALSE(may_retry(request::post("http://h/")));
    EXPECT_FALSE(may_retry(request::patch("http://h/")));
    EXPECT_TRUE(may_retry(request::post("http://h/").header("Idempotency-Key", "k1")));
    EXPECT_TRUE(may_retry(request::patch("http://h/").header("idempotency-key", "k1")));
    auto one_shot = tether::http::body::stream([](std::span<char>) -> result<std::size_t> { return std::size_t{0}; }, 0);
    EXPECT_FALSE(may_retry(request::put("http://h/", one_shot)));
    EXPECT_FALSE(may_retry(request::post("http://h/", one_shot).header("Idempotency-Key", "k")));
}

TEST(is_retryable, transient_failures_and_the_listed_statuses) {
    retry_policy p;
    for (int s : {408, 429, 500, 502, 503, 504}) EXPECT_TRUE(is_retryable(p, status(s))) << s;
    for (int s : {200, 201, 301, 400, 401, 403, 404, 409, 422, 501, 505}) EXPECT_FALSE(is_retryable(p, status(s))) << s;
    for (auto c : {errc::connection_refused, errc::connection_reset, errc::dns_failed, errc::connect_timeout,
                   errc::read_timeout, errc::network_failed}) {
        EXPECT_TRUE(is_retryable(p, error(c, "x"))) << to_string(c);
    }
    for (auto c : {errc::cancelled, errc::tls_failed, errc::protocol_violation, errc::invalid_url, errc::body_too_large,
                   errc::invalid_body}) {
        EXPECT_FALSE(is_retryable(p, error(c, "x"))) << to_string(c);
    }
}

TEST(decide_retry, retries_until_the_retries_are_used_up) {
    retry_policy p;
    const auto get = request::get("http://h/");
    for (int attempt = 1; attempt <= 3; ++attempt) {
        auto d = decide_retry(p, get, status(503), attempt, 0.5, wall, now, std::nullopt);
        EXPECT_TRUE(d.retry) << attempt;
        EXPECT_EQ(d.delay, backoff_delay(p, attempt, 0.5));
    }
    EXPECT_FALSE(decide_retry(p, get, status(503), 4, 0.5, wall, now, std::nullopt).retry);
    EXPECT_FALSE(decide_retry(p, get, status(200), 1, 0.5, wall, now, std::nullopt).retry);
    EXPECT_FALSE(decide_retry(p, request::post("http://h/"), status(503), 1, 0.5, wall, now, std::nullopt).retry);
}

TEST(decide_retry, honours_retry_after_capped_by_the_maximum_delay) {
    retry_policy p;
    auto limited = status(429);
    limited->headers().add("Retry-After", "7");
    auto d = decide_retry(p, request::get("http://h/"), limited, 1, 0.0, wall, now, std::nullopt);
    EXPECT_TRUE(d.retry);
    EXPECT_EQ(d.delay, 7000ms);
    limited->headers().set("Retry-After", "3600");
    EXPECT_EQ(decide_retry(p, request::get("http://h/"), limited, 1, 0.0, wall, now, std::nullopt).delay, 30000ms);
    auto dated = status(503);
    dated->headers().add("Retry-After", "Tue, 14 Nov 2023 22:13:40 GMT");  // wall + 20 s
    EXPECT_EQ(decide_retry(p, request::get("http://h/"), dated, 1, 0.0, wall, now, std::nullopt).delay, 20000ms);
}

TEST(decide_retry, never_starts_a_wait_the_deadline_would_cut_short) {
    retry_policy p;
    auto limited = status(429);
    limited->headers().add("Retry-After", "10");
    EXPECT_FALSE(decide_retry(p, request::get("http://h/"), limited, 1, 0.0, wall, now, now + 5s).retry);
    EXPECT_TRUE(decide_retry(p, request::get("http://h/"), limited, 1, 0.0, wall, now, now + 11s).retry);
    EXPECT_FALSE(decide_retry(p, request::get("http://h/"), status(503), 1, 0.5, wall, now, now).retry);
}

}  // namespace
