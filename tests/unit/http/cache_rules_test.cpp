// What a private cache may store and what may answer a request.

#include "http/cache/cache_rules.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;
using namespace tether::http;
using namespace tether::http::cache;

const auto t0 = std::chrono::system_clock::time_point(seconds(1'700'000'000));

response answer(int status, headers fields, std::string body = "body") {
    return response(status, std::move(fields), std::move(body));
}

std::optional<cached_response> store(const request& req, const response& res, cache_options options = {}) {
    return storable_entry(req, res, options, t0, t0);
}

TEST(cache_rules, only_plain_gets_are_handled) {
    call_options opts;
    EXPECT_TRUE(handles(request::get("http://h/"), opts));
    EXPECT_FALSE(handles(request::post("http://h/", body::text("x")), opts));
    EXPECT_FALSE(handles(request::get("http://h/").header("Range", "bytes=0-1"), opts));
    EXPECT_FALSE(handles(request::get("http://h/").header("If-None-Match", "\"x\""), opts));
    opts.sink = callback_sink([](std::string_view) { return true; });
    EXPECT_FALSE(handles(request::get("http://h/"), opts)) << "streamed bodies are not cached";
}

TEST(cache_rules, unsafe_methods_invalidate) {
    for (auto m : {"POST", "PUT", "PATCH", "DELETE", "PURGE"}) EXPECT_TRUE(invalidates(m)) << m;
    for (auto m : {"GET", "HEAD", "OPTIONS", "TRACE"}) EXPECT_FALSE(invalidates(m)) << m;
}

TEST(cache_rules, what_may_be_stored) {
    const auto get = request::get("http://h/a");
    EXPECT_TRUE(store(get, answer(200, {{"Cache-Control", "max-age=60"}})));
    EXPECT_TRUE(store(get, answer(200, {{"ETag", "\"v1\""}}))) << "200 is heuristically cacheable: kept to revalidate";
    EXPECT_TRUE(store(get, answer(404, {})));
    EXPECT_TRUE(store(get, answer(500, {{"Cache-Control", "max-age=5"}}))) << "explicit freshness makes any status storable";
    EXPECT_FALSE(store(get, answer(500, {})));
    EXPECT_FALSE(store(get, answer(200, {{"Cache-Control", "no-store, max-age=60"}})));
    EXPECT_FALSE(store(get, answer(206, {{"Cache-Control", "max-age=60"}})));
    EXPECT_FALSE(store(get, answer(200, {{"Cache-Control", "max-age=60"}, {"Vary", "*"}})));
    EXPECT_TRUE(store(get, answer(200, {{"Cache-Control", "private, max-age=60"}}))) << "a private cache keeps private";
    auto redirected = answer(200, {{"Cache-Control", "max-age=60"}});
    redirected.redirects(1);
    EXPECT_FALSE(store(get, redirected)) << "what a redirect led to belongs to another URL";
    cache_options small;
    small.max_entry_bytes = 3;
    EXPECT_FALSE(store(get, answer(200, {{"Cache-Control", "max-age=60"}}, "four"), small));
}

TEST(cache_rules, answers_to_requests_with_authorization_need_explicit_consent) {
    const auto get = request::get("http://h/me").header("Authorization", "Bearer t");
    EXPECT_FALSE(store(get, answer(200, {{"Cache-Control", "max-age=60"}})));
    EXPECT_FALSE(store(get, answer(200, {{"Cache-Control", "private, max-age=60"}})));
    EXPECT_TRUE(store(get, answer(200, {{"Cache-Control", "public, max-age=60"}})));
    EXPECT_TRUE(store(get, answer(200, {{"Cache-Control", "must-revalidate, max-age=60"}})));
    EXPECT_TRUE(store(get, answer(200, {{"Cache-Control", "s-maxage=60"}})));
}

TEST(cache_rules, connection_fields_are_not_stored) {
    auto e = store(request::get("http://h/a#frag"),
                   answer(200, {{"Cache-Control", "max-age=60"}, {"Connection", "keep-alive"}, {"Keep-Alive", "5"},
                                {"X-Kept", "1"}}));
    ASSERT_TRUE(e);
    EXPECT_FALSE(e->headers.contains("Connection"));
    EXPECT_FALSE(e->headers.contains("Keep-Alive"));
    EXPECT_TRUE(e->headers.contains("X-Kept"));
    EXPECT_EQ(e->url, "http://h/a");
}

candidate judged(cached_response e, std::chrono::system_clock::time_point now, const request& req,
                 const cache_options& options = {}) {
    auto c = select({std::make_shared<const cached_response>(std::move(e))}, req, options.partition_headers, now);
    EXPECT_TRUE(c);
    return c ? *c : candidate{};
}

TEST(cache_rules, a_fresh_entry_satisfies_unless_the_request_or_response_demands_validation) {
    const auto get = request::get("http://h/a");
    auto e = *store(get, answer(200, {{"Cache-Control", "max-age=60"}}));
    const cache_options options;
    EXPECT_TRUE(judged(e, t0 + 10s, get).satisfies(rules_for(get, options)));
    EXPECT_FALSE(judged(e, t0 + 61s, get).satisfies(rules_for(get, options)));
    const auto no_cache = request::get("http://h/a").header("Cache-Control", "no-cache");
    EXPECT_FALSE(judged(e, t0 + 10s, no_cache).satisfies(rules_for(no_cache, options)));
    const auto max_age = request::get("http://h/a").header("Cache-Control", "max-age=5");
    EXPECT_FALSE(judged(e, t0 + 10s, max_age).satisfies(rules_for(max_age, options)));
    const auto min_fresh = request::get("http://h/a").header("Cache-Control", "min-fresh=55");
    EXPECT_FALSE(judged(e, t0 + 10s, min_fresh).satisfies(rules_for(min_fresh, options)));
    auto revalidate_always = *store(get, answer(200, {{"Cache-Control", "no-cache, max-age=60"}}));
    EXPECT_FALSE(judged(revalidate_always, t0, get).satisfies(rules_for(get, options)));
}

TEST(cache_rules, stale_entries_may_answer_within_max_stale_unless_marked_must_revalidate) {
    const auto get = request::get("http://h/a");
    cache_options options;
    options.max_stale = 100s;
    const auto rules = rules_for(get, options);
    auto e = *store(get, answer(200, {{"Cache-Control", "max-age=60"}}));
    EXPECT_TRUE(judged(e, t0 + 150s, get).may_serve_stale(rules));
    EXPECT_FALSE(judged(e, t0 + 161s, get).may_serve_stale(rules));
    auto strict = *store(get, answer(200, {{"Cache-Control", "max-age=60, must-revalidate"}}));
    EXPECT_FALSE(judged(strict, t0 + 61s, get).may_serve_stale(rules));
    auto no_cache = *store(get, answer(200, {{"Cache-Control", "no-cache"}}));
    EXPECT_FALSE(judged(no_cache, t0, get).may_serve_stale(rules));
    const auto patient = request::get("http://h/a").header("Cache-Control", "max-stale=1000");
    EXPECT_TRUE(judged(e, t0 + 500s, patient).may_serve_stale(rules_for(patient, options)));
}

TEST(cache_rules, select_matches_partition_and_vary) {
    const auto alice = request::get("http://h/a").header("Authorization", "Bearer alice");
    const auto bob = request::get("http://h/a").header("Authorization", "Bearer bob");
    auto e = *store(alice, answer(200, {{"Cache-Control", "public, max-age=60"}}));
    const cache_options options;
    std::vector<std::shared_ptr<const cached_response>> variants{std::make_shared<const cached_response>(e)};
    EXPECT_TRUE(select(variants, alice, options.partition_headers, t0));
    EXPECT_FALSE(select(variants, bob, options.partition_headers, t0));
    EXPECT_FALSE(select(variants, request::get("http://h/a"), options.partition_headers, t0));

    const auto en = request::get("http://h/b").header("Accept-Language", "en");
    const auto fr = request::get("http://h/b").header("Accept-Language", "fr");
    auto english = *store(en, answer(200, {{"Cache-Control", "max-age=60"}, {"Vary", "Accept-Language"}}, "hello"));
    auto french = *store(fr, answer(200, {{"Cache-Control", "max-age=60"}, {"Vary", "Accept-Language"}}, "bonjour"));
    variants = {std::make_shared<const cached_response>(english), std::make_shared<const cached_response>(french)};
    EXPECT_EQ(select(variants, fr, options.partition_headers, t0)->entry->body, "bonjour");
    EXPECT_EQ(select(variants, en, options.partition_headers, t0)->entry->body, "hello");
    EXPECT_FALSE(select(variants, request::get("http://h/b").header("Accept-Language", "de"), options.partition_headers, t0));
}

TEST(cache_rules, conditional_requests_carry_the_validators) {
    auto e = *store(request::get("http://h/a"),
                    answer(200, {{"ETag", "\"v1\""}, {"Last-Modified", "Tue, 15 Nov 1994 12:45:26 GMT"}}));
    auto req = conditional(request::get("http://h/a"), e);
    EXPECT_EQ(req.headers().get("If-None-Match"), "\"v1\"");
    EXPECT_EQ(req.headers().get("If-Modified-Since"), "Tue, 15 Nov 1994 12:45:26 GMT");
}

TEST(cache_rules, a_304_replaces_the_stored_fields_but_not_the_body_or_its_framing) {
    auto e = *store(request::get("http://h/a"),
                    answer(200, {{"ETag", "\"v1\""}, {"Cache-Control", "max-age=1"}, {"Content-Length", "4"},
                                 {"X-Old", "kept"}}));
    const auto later = t0 + 100s;
    auto updated = refreshed_by(e, answer(304, {{"Cache-Control", "max-age=600"}, {"Content-Length", "0"},
                                                {"X-New", "added"}}, ""),
                                later, later);
    EXPECT_EQ(updated.body, "body");
    EXPECT_EQ(updated.headers.get("Cache-Control"), "max-age=600");
    EXPECT_EQ(updated.headers.get("Content-Length"), "4");
    EXPECT_EQ(updated.headers.get("X-Old"), "kept");
    EXPECT_EQ(updated.headers.get("X-New"), "added");
    EXPECT_EQ(updated.response_time, later);
}

TEST(cache_rules, responses_from_the_cache_carry_their_age) {
    auto e = *store(request::get("http://h/a"), answer(203, {{"Cache-Control", "max-age=60"}}, "x"));
    auto r = to_response(e, 42s);
    EXPECT_EQ(r.status(), 203);
    EXPECT_EQ(r.body(), "x");
    EXPECT_EQ(r.headers().get("Age"), "42");
    EXPECT_EQ(r.url(), "http://h/a");
}

TEST(cache_rules, fallbacks_hide_network_failures_timeouts_open_circuits_and_5xx_only) {
    using tether::errc;
    using tether::error;
    using outcome = tether::result<response>;
    EXPECT_TRUE(warrants_fallback(outcome(error(errc::connection_refused, "x"))));
    EXPECT_TRUE(warrants_fallback(outcome(error(errc::read_timeout, "x"))));
    EXPECT_TRUE(warrants_fallback(outcome(error(errc::circuit_open, "x"))));
    EXPECT_TRUE(warrants_fallback(outcome(response(503))));
    EXPECT_FALSE(warrants_fallback(outcome(error(errc::cancelled, "x"))));
    EXPECT_FALSE(warrants_fallback(outcome(error(errc::invalid_url, "x"))));
    EXPECT_FALSE(warrants_fallback(outcome(response(404))));
    EXPECT_FALSE(warrants_fallback(outcome(response(200))));
    EXPECT_EQ(fallback_reason(outcome(response(502))), "HTTP 502");
    EXPECT_EQ(fallback_reason(outcome(error(errc::connection_refused, "nobody home"))), "connection_refused: nobody home");
}

}  // namespace
