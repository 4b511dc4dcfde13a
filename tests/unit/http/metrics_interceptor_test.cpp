// The metrics interceptor over a scripted transport and a hand-moved clock:
// what it reports for each outcome, and how it names routes.

#include <tether/http/metrics.hpp>
#include <tether/http/transport.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <deque>
#include <optional>
#include <stdexcept>

namespace {

using namespace std::chrono_literals;
using namespace tether;

struct manual_clock {
    std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
};

// Answers with the scripted outcomes in order; each takes `took` on the clock.
class scripted_transport final : public http::transport {
public:
    scripted_transport(manual_clock& clock, std::chrono::microseconds took) : clock_(clock), took_(took) {}
    void push(result<http::response> r) { script_.push_back(std::move(r)); }

    task<result<http::response>> send(http::request, http::call_options) override {
        clock_.now += took_;
        auto r = std::move(script_.front());
        script_.pop_front();
        co_return r;
    }

private:
    manual_clock& clock_;
    std::chrono::microseconds took_;
    std::deque<result<http::response>> script_;
};

task<void> run_chain(std::shared_ptr<http::interceptor> link, http::transport& last, http::request req,
                     http::call_options opts, std::optional<result<http::response>>& out) {
    const std::vector<std::shared_ptr<http::interceptor>> links{std::move(link)};
    const http::chain entry(links, last, req, opts);
    out.emplace(co_await entry.proceed());
}

class metrics_interceptor_test : public ::testing::Test {
protected:
    std::shared_ptr<http::interceptor> measuring(std::vector<std::string> templates = {}) {
        http::metrics_options o;
        o.route_templates = std::move(templates);
        o.now = [c = &clock] { return c->now; };
        return http::metrics_interceptor(registry, o);
    }

    result<http::response> send(http::request req, http::call_options opts = {},
                                std::vector<std::string> templates = {}) {
        std::optional<result<http::response>> out;
        boost::asio::io_context io;
        boost::asio::co_spawn(io, run_chain(measuring(std::move(templates)), transport, std::move(req), opts, out),
                              boost::asio::detached);
        io.run();
        EXPECT_TRUE(out.has_value());
        return out ? std::move(*out) : result<http::response>(error(errc::internal_error, "did not run"));
    }

    const http::route_stats& only_route() {
        snapshot = registry->snapshot();
        EXPECT_EQ(snapshot.routes.size(), 1u);
        return snapshot.routes.at(0);
    }

    manual_clock clock;
    scripted_transport transport{clock, 250ms};
    std::shared_ptr<http::metrics_registry> registry = std::make_shared<http::metrics_registry>();
    http::metrics_snapshot snapshot;
};

TEST_F(metrics_interceptor_test, a_response_is_recorded_with_its_latency_host_and_derived_route) {
    transport.push(http::response(200));
    auto r = send(http::request::get("http://api.example.com/users/42?expand=1"));
    ASSERT_TRUE(r);
    const auto& s = only_route();
    EXPECT_EQ(s.host, "api.example.com:80");
    EXPECT_EQ(s.method, "GET");
    EXPECT_EQ(s.route, "/users/{id}");
    EXPECT_EQ(s.count, 1u);
    EXPECT_EQ(s.successes, 1u);
    EXPECT_EQ(s.latency.sum(), 250ms) << "the injected clock moved 250 ms during the call";
    EXPECT_EQ(s.retries, 0u);
}

TEST_F(metrics_interceptor_test, the_outcome_passes_through_unchanged) {
    transport.push(http::response(503, {}, "busy"));
    transport.push(error(errc::connection_refused, "nothing listens"));
    auto five = send(http::request::get("http://h/"));
    ASSERT_TRUE(five);
    EXPECT_EQ(five->status(), 503);
    EXPECT_EQ(five->body(), "busy");
    auto refused = send(http::request::get("http://h/"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), errc::connection_refused);
    const auto& s = only_route();
    EXPECT_EQ(s.errors, (std::map<std::string, std::uint64_t>{{"connection_refused", 1}, {"http_5xx", 1}}));
}

TEST_F(metrics_interceptor_test, outside_a_retry_interceptor_retries_come_from_the_attempts) {
    transport.push(http::response(200).attempts(3));
    auto failing = error(errc::read_timeout, "slow");
    failing.with_attempts(4);
    transport.push(failing);
    (void)send(http::request::get("http://h/"));
    (void)send(http::request::get("http://h/"));
    EXPECT_EQ(only_route().retries, 5u) << "2 for the response, 3 for the error";
}

TEST_F(metrics_interceptor_test, after_a_retry_interceptor_each_later_attempt_is_one_retry) {
    for (int i = 0; i < 3; ++i) transport.push(http::response(503));
    for (int attempt = 1; attempt <= 3; ++attempt) {
        http::call_options opts;
        opts.attempt = attempt;
        (void)send(http::request::get("http://h/"), opts);
    }
    const auto& s = only_route();
    EXPECT_EQ(s.count, 3u);
    EXPECT_EQ(s.retries, 2u);
}

TEST_F(metrics_interceptor_test, the_cache_tag_says_hit_miss_revalidation_or_fallback) {
    for (auto source : {http::cache_source::cache, http::cache_source::cache, http::cache_source::network,
                        http::cache_source::revalidated, http::cache_source::fallback}) {
        http::cache_info info;
        info.source = source;
        http::response r(200);
        r.tags().set(info);
        transport.push(std::move(r));
    }
    transport.push(http::response(200));
    for (int i = 0; i < 6; ++i) (void)send(http::request::get("http://h/feed"));
    const auto& s = only_route();
    EXPECT_EQ(s.cache_hits, 2u);
    EXPECT_EQ(s.cache_misses, 1u);
    EXPECT_EQ(s.cache_revalidations, 1u);
    EXPECT_EQ(s.cache_fallbacks, 1u);
}

TEST_F(metrics_interceptor_test, a_tagged_template_beats_the_list_which_beats_derivation) {
    for (int i = 0; i < 3; ++i) transport.push(http::response(200));
    auto tagged = http::request::get("http://h/users/ada/posts/1");
    tagged.options().tags.set(http::route_template{"/users/{name}/posts/{post}"});
    (void)send(tagged, {}, {"/users/{id}/posts/{post}"});
    (void)send(http::request::get("http://h/users/ada/posts/2"), {}, {"/users/{id}/posts/{post}"});
    (void)send(http::request::get("http://h/users/ada/posts/3"));
    const auto snap = registry->snapshot();
    ASSERT_EQ(snap.routes.size(), 3u);
    EXPECT_NE(snap.find("GET", "/users/{name}/posts/{post}"), nullptr);
    EXPECT_NE(snap.find("GET", "/users/{id}/posts/{post}"), nullptr);
    EXPECT_NE(snap.find("GET", "/users/ada/posts/{id}"), nullptr);
}

TEST_F(metrics_interceptor_test, a_cancelled_call_is_counted_apart) {
    transport.push(error(errc::cancelled, "the caller cancelled"));
    (void)send(http::request::get("http://h/"));
    const auto& s = only_route();
    EXPECT_EQ(s.cancelled, 1u);
    EXPECT_EQ(s.error_count(), 0u);
    EXPECT_EQ(s.latency.count(), 0u);
}

TEST(metrics_interceptor, refuses_a_null_registry_and_bad_templates_loudly) {
    EXPECT_THROW((void)http::metrics_interceptor(nullptr), std::invalid_argument);
    http::metrics_options o;
    o.route_templates = {"users/{id}"};
    EXPECT_THROW((void)http::metrics_interceptor(std::make_shared<http::metrics_registry>(), o),
                 std::invalid_argument);
}

}  // namespace
