// The retry interceptor against a real server: sequences of failures, what
// is retried and what never is, Retry-After, deadlines and cancellation.

#include "support.hpp"

#include <tether/http/retry.hpp>
#include <tether/testing/sandbox.hpp>

#include <boost/json.hpp>

#include <mutex>
#include <set>
#include <stop_token>
#include <thread>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

// Records every wait instead of waiting.
struct recorded_waits {
    std::mutex mutex;
    std::vector<std::chrono::milliseconds> delays;
};

http::retry_environment no_waiting(std::shared_ptr<recorded_waits> waits) {
    http::retry_environment env;
    env.sleep = [waits](std::chrono::milliseconds delay, std::stop_token) -> task<bool> {
        {
            std::lock_guard lock(waits->mutex);
            waits->delays.push_back(delay);
        }
        co_return true;
    };
    env.random = [] { return 0.5; };
    return env;
}

}  // namespace

class retry : public transport_test {
protected:
    http::client_options retrying(http::retry_policy policy = {}) {
        auto opts = options();
        opts.interceptors.push_back(http::retry_interceptor(std::move(policy), no_waiting(waits)));
        return opts;
    }
    std::shared_ptr<recorded_waits> waits = std::make_shared<recorded_waits>();
};

TEST_P(retry, a_503_503_200_sequence_succeeds_on_the_third_attempt) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("finally"));
    http::client client(retrying());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "finally");
    EXPECT_EQ(r->attempts(), 3);
    EXPECT_EQ(server.request_count(), 3u);
    // Full jitter at 0.5 over 1 s, 2 s.
    EXPECT_EQ(waits->delays, (std::vector<std::chrono::milliseconds>{500ms, 1000ms}));
}

TEST_P(retry, retries_run_out_and_the_error_says_how_many_attempts_were_made) {
    mock_server server;
    for (int i = 0; i < 5; ++i) server.enqueue(mock_response(502));
    http::client client(retrying());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::server_error);
    EXPECT_EQ(r.error().attempts(), 4) << "one attempt and three retries";
    EXPECT_EQ(server.request_count(), 4u);
    EXPECT_NE(r.error().to_string().find("after 4 attempts"), std::string::npos) << r.error().to_string();
}

TEST_P(retry, retry_after_is_honoured) {
    mock_server server;
    server.enqueue(mock_response(429).header("Retry-After", "2"));
    server.enqueue(mock_response::text("ok"));
    http::client client(retrying());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(waits->delays, (std::vector<std::chrono::milliseconds>{2000ms}));
}

TEST_P(retry, a_retry_after_beyond_the_deadline_fails_at_once_with_the_typed_error) {
    mock_server server;
    server.enqueue(mock_response(429).header("Retry-After", "10"));
    server.enqueue(mock_response::text("too late"));
    auto opts = retrying();
    opts.total_timeout = 2s;
    http::client client(opts);
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::rate_limited);
    EXPECT_EQ(r.error().retry_after(), std::chrono::seconds(10));
    EXPECT_EQ(r.error().attempts(), 1);
    EXPECT_TRUE(waits->delays.empty());
    EXPECT_LT(elapsed_ms(start), 1000);
}

TEST_P(retry, a_connection_dropped_mid_body_is_retried) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(10'000, 'x')).drop_after(100));
    server.enqueue(mock_response::text("whole"));
    http::client client(retrying());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "whole");
    EXPECT_EQ(r->attempts(), 2);
}

TEST_P(retry, post_is_not_retried_without_an_idempotency_key_and_is_with_one) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("created", 201));
    http::client client(retrying());
    auto plain = client.execute(http::request::post(server.url("/orders"), http::body::text("one")));
    ASSERT_FALSE(plain);
    EXPECT_EQ(plain.error().code(), errc::server_error);
    EXPECT_EQ(server.request_count(), 1u) << "the effect may have happened: never twice";
    auto keyed = client.execute(
        http::request::post(server.url("/orders"), http::body::text("two")).header("Idempotency-Key", "order-2"));
    ASSERT_TRUE(keyed) << keyed.error().to_string();
    EXPECT_EQ(keyed->status(), 201);
    auto all = server.requests();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[1].body, "two");
    EXPECT_EQ(all[2].body, "two");
}

TEST_P(retry, a_server_that_hangs_is_tried_again_after_the_read_timeout) {
    mock_server server;
    server.enqueue(mock_response().hang());
    server.enqueue(mock_response::text("awake"));
    auto opts = retrying();
    opts.read_timeout = 200ms;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "awake");
    EXPECT_EQ(r->attempts(), 2);
}

// Against the sandbox's orders under a fault mix where answers are lost
// after the order was applied: with keys, each order happens exactly once.
TEST_P(retry, keyed_posts_through_drops_and_503s_apply_each_order_exactly_once) {
    tether::testing::sandbox_options o;
    o.faults.percent_503 = 30;
    o.faults.percent_drop = 30;
    o.faults.seed = 7;
    tether::testing::sandbox box(o);
    http::retry_policy policy;
    policy.max_retries = 10;
    policy.add_idempotency_keys = true;
    http::client client(retrying(policy));
    constexpr int orders = 40;
    int succeeded = 0;
    for (int i = 0; i < orders; ++i) {
        boost::json::object order{{"client_order_id", "order-" + std::to_string(i)}, {"item", i}};
        auto r = client.execute(http::request::post(box.url("/chaos/orders"), http::body::json(order)));
        if (r) ++succeeded;
    }
    const auto effects = box.effects();
    EXPECT_EQ(succeeded, orders);
    EXPECT_GT(effects.dropped_after_effect, 0u) << "the mix must lose some answers after the order was applied";
    EXPECT_GT(effects.repeated_keys, 0u) << "so some retries carried a key the server had seen";
    EXPECT_EQ(effects.orders_applied, static_cast<std::uint64_t>(orders));
    EXPECT_EQ(effects.duplicated_effects, 0u);
}

TEST_P(retry, added_idempotency_keys_stay_the_same_across_attempts) {
    mock_server server;
    server.enqueue(mock_response(500));
    server.enqueue(mock_response::text("ok"));
    server.enqueue(mock_response::text("ok"));
    http::retry_policy policy;
    policy.add_idempotency_keys = true;
    http::client client(retrying(policy));
    ASSERT_TRUE(client.execute(http::request::post(server.url("/a"), http::body::text("x"))));
    ASSERT_TRUE(client.execute(http::request::patch(server.url("/b"), http::body::text("y"))));
    auto all = server.requests();
    ASSERT_EQ(all.size(), 3u);
    auto key = [](const auto& rec) { return std::string(rec.headers.get("Idempotency-Key").value_or("")); };
    EXPECT_EQ(key(all[0]).size(), 36u) << "a UUID";
    EXPECT_EQ(key(all[0]), key(all[1])) << "one key for every attempt of a call";
    EXPECT_NE(key(all[1]), key(all[2])) << "a fresh key for each call";
}

TEST_P(retry, a_one_shot_body_is_never_retried) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("ok"));
    http::client client(retrying());
    bool sent = false;
    auto body = http::body::stream(
        [&sent](std::span<char> out) -> result<std::size_t> {
            if (sent) return std::size_t{0};
            sent = true;
            out[0] = 'z';
            return std::size_t{1};
        },
        1);
    auto r = client.execute(http::request::put(server.url("/"), body));
    ASSERT_FALSE(r);
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_P(retry, a_404_is_the_answer_not_a_reason_to_retry) {
    mock_server server;
    server.enqueue(mock_response(404));
    server.enqueue(mock_response::text("never asked for"));
    http::client client(retrying());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::not_found);
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_P(retry, a_server_that_is_down_is_retried_and_the_error_lists_the_attempts) {
    // A port nothing listens on: every attempt is refused.
    const auto url = refused_url();
    http::client client(retrying());
    auto r = client.execute(http::request::get(url));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::connection_refused);
    EXPECT_EQ(r.error().attempts(), 4);
    EXPECT_NE(r.error().message().find("earlier attempts: connection_refused, connection_refused, connection_refused"),
              std::string::npos)
        << r.error().message();
}

TEST_P(retry, cancellation_during_the_backoff_ends_it_at_once) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("never"));
    auto opts = options();
    http::retry_policy policy;
    policy.base_delay = 5s;
    http::retry_environment env;
    env.random = [] { return 0.9; };  // a 4.5 s wait (inside the 10 s deadline), really waited on a timer
    opts.interceptors.push_back(http::retry_interceptor(policy, env));
    http::client client(opts);
    std::stop_source stop;
    auto req = http::request::get(server.url("/"));
    req.options().cancel = stop.get_token();
    std::thread canceller([&stop] {
        std::this_thread::sleep_for(200ms);
        stop.request_stop();
    });
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(req);
    canceller.join();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::cancelled);
    EXPECT_LT(elapsed_ms(start), 2000);
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_P(retry, a_policy_attached_to_the_request_replaces_the_clients) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("not asked"));
    http::client client(retrying());
    auto req = http::request::get(server.url("/"));
    http::retry_policy none;
    none.max_retries = 0;
    req.options().tags.set(none);
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::server_error);
    EXPECT_EQ(server.request_count(), 1u);
}

INSTANTIATE_TEST_SUITE_P(transports, retry, ::testing::ValuesIn(tested_transports()), transport_name);
