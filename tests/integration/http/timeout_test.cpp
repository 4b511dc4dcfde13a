// Each timeout fires when it should, says which one it was, and no sooner.

#include "support.hpp"

#include <atomic>
#include <cstring>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

class timeout : public transport_test {};

TEST_P(timeout, connect_timeout_fires_when_the_handshake_stalls) {
    silent_listener silent;
    auto opts = options();
    opts.connect_timeout = 300ms;
    http::client client(opts);
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(http::request::get("https://127.0.0.1:" + std::to_string(silent.port()) + "/"));
    auto took = elapsed_ms(start);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::connect_timeout) << r.error().to_string();
    EXPECT_GE(took, 280);
    EXPECT_LT(took, 3000);
    EXPECT_NE(r.error().message().find("connect_timeout"), std::string::npos);
    EXPECT_THROW(r.value(), timeout_error);
}

TEST_P(timeout, connect_timeout_fires_when_the_tcp_connect_gets_no_answer) {
    unanswered_listener unanswered;
    auto opts = options();
    opts.connect_timeout = 300ms;
    http::client client(opts);
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(http::request::get("http://127.0.0.1:" + std::to_string(unanswered.port()) + "/"));
    auto took = elapsed_ms(start);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::connect_timeout) << r.error().to_string();
    EXPECT_GE(took, 280);
    EXPECT_LT(took, 3000);
}

TEST_P(timeout, the_total_deadline_cuts_a_connect_short) {
    // The deadline is the caller's budget: a longer connect timeout does not extend it.
    unanswered_listener unanswered;
    auto opts = options();
    opts.connect_timeout = 5s;
    opts.total_timeout = 300ms;
    http::client client(opts);
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(http::request::get("http://127.0.0.1:" + std::to_string(unanswered.port()) + "/"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::deadline_exceeded) << r.error().to_string();
    EXPECT_LT(elapsed_ms(start), 3000);
}

TEST_P(timeout, read_timeout_fires_when_the_server_never_answers) {
    mock_server server;
    server.enqueue(mock_response().hang());
    auto opts = options();
    opts.read_timeout = 300ms;
    http::client client(opts);
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::read_timeout) << r.error().to_string();
    EXPECT_GE(elapsed_ms(start), 280);
    EXPECT_LT(elapsed_ms(start), 3000);
}

TEST_P(timeout, read_timeout_fires_on_a_stall_mid_body) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(3000, 'x')).throttle(1000, 800ms));
    auto opts = options();
    opts.read_timeout = 300ms;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::read_timeout);
}

TEST_P(timeout, read_timeout_fires_when_the_server_stops_reading_an_upload) {
    // The server never reads: once the socket buffers are full nothing moves,
    // and silence while sending counts like silence while receiving.
    silent_listener silent;
    auto opts = options();
    opts.read_timeout = 300ms;
    http::client client(opts);
    constexpr std::uint64_t size = 256ull * 1024 * 1024;
    std::atomic<std::uint64_t> produced{0};
    auto body = http::body::stream(
        [&produced](std::span<char> out) -> result<std::size_t> {
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), size - produced));
            std::memset(out.data(), 'u', n);
            produced += n;
            return n;
        },
        size);
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(http::request::put("http://127.0.0.1:" + std::to_string(silent.port()) + "/", body));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::read_timeout) << r.error().to_string();
    EXPECT_LT(produced.load(), size) << "the upload was never held up";
    EXPECT_LT(elapsed_ms(start), 5000);
}

TEST_P(timeout, a_slow_but_steady_body_does_not_trip_the_read_timeout) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(10, 'x')).throttle(1, 60ms));  // ~600 ms in all
    auto opts = options();
    opts.read_timeout = 300ms;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), std::string(10, 'x'));
}

TEST_P(timeout, the_total_deadline_covers_the_whole_call) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(10, 'x')).throttle(1, 100ms));  // ~1 s in all
    auto opts = options();
    opts.total_timeout = 400ms;
    http::client client(opts);
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::deadline_exceeded) << r.error().to_string();
    EXPECT_LT(elapsed_ms(start), 2000);
}

TEST_P(timeout, the_deadline_spans_redirects) {
    mock_server server;
    server.enqueue(mock_response(302).header("Location", "/b").delay(250ms));
    server.enqueue(mock_response(302).header("Location", "/c").delay(250ms));
    server.enqueue(mock_response::text("late").delay(250ms));
    auto opts = options();
    opts.total_timeout = 600ms;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/a")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::deadline_exceeded);
}

TEST_P(timeout, a_request_can_shorten_the_clients_timeouts) {
    mock_server server;
    server.enqueue(mock_response::text("slow").delay(1s));
    http::client client(options());
    auto req = http::request::get(server.url("/"));
    req.options().total_timeout = 200ms;
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::deadline_exceeded);
    EXPECT_LT(elapsed_ms(start), 900);
}

TEST_P(timeout, a_timed_out_connection_is_not_reused) {
    mock_server server;
    server.enqueue(mock_response().hang());
    server.enqueue(mock_response::text("fresh"));
    auto opts = options();
    opts.read_timeout = 200ms;
    http::client client(opts);
    EXPECT_FALSE(client.execute(http::request::get(server.url("/"))));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "fresh");
    EXPECT_EQ(server.connection_count(), 2u);
}

INSTANTIATE_TEST_SUITE_P(transports, timeout, ::testing::ValuesIn(tested_transports()), transport_name);
