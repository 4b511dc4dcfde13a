// Cancelling a call ends it at once, from any thread, in any phase, and
// leaves the client healthy.

#include "support.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <thread>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

class cancellation : public transport_test {};

TEST_P(cancellation, a_stop_token_cancels_a_request_waiting_for_its_response) {
    mock_server server;
    server.enqueue(mock_response().hang());
    http::client client(options());
    std::stop_source stop;
    auto req = http::request::get(server.url("/"));
    req.options().cancel = stop.get_token();
    auto start = std::chrono::steady_clock::now();
    auto fut = client.enqueue(req);
    ASSERT_TRUE(server.take_request());  // the request reached the server
    stop.request_stop();
    ASSERT_EQ(fut.wait_for(5s), std::future_status::ready);
    auto r = fut.get();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::cancelled);
    EXPECT_LT(elapsed_ms(start), 3000);
    EXPECT_THROW(r.value(), cancelled_error);
}

TEST_P(cancellation, a_request_cancelled_before_sending_never_reaches_the_server) {
    mock_server server;
    http::client client(options());
    std::stop_source stop;
    stop.request_stop();
    auto req = http::request::get(server.url("/"));
    req.options().cancel = stop.get_token();
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::cancelled);
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(cancellation, a_stop_token_cancels_a_call_that_is_still_connecting) {
    unanswered_listener unanswered;  // the TCP connect hangs
    silent_listener silent;          // the TCP connect succeeds, the TLS handshake hangs
    struct phase {
        std::string name;
        std::string url;
    };
    for (const auto& p : {phase{"tcp connect", "http://127.0.0.1:" + std::to_string(unanswered.port()) + "/"},
                          phase{"tls handshake", "https://127.0.0.1:" + std::to_string(silent.port()) + "/"}}) {
        SCOPED_TRACE(p.name);
        http::client client(options());
        std::stop_source stop;
        auto req = http::request::get(p.url);
        req.options().cancel = stop.get_token();
        auto start = std::chrono::steady_clock::now();
        auto fut = client.enqueue(req);
        std::this_thread::sleep_for(100ms);
        stop.request_stop();
        ASSERT_EQ(fut.wait_for(5s), std::future_status::ready);
        auto r = fut.get();
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code(), errc::cancelled) << r.error().to_string();
        EXPECT_LT(elapsed_ms(start), 2000) << "the connect timeout is 5 s: the call must end at the stop";
    }
}

TEST_P(cancellation, cancelling_mid_body_closes_that_connection_and_the_next_call_works) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(100'000, 'x')).throttle(1000, 50ms));
    server.enqueue(mock_response::text("next"));
    http::client client(options());
    std::stop_source stop;
    auto req = http::request::get(server.url("/slow"));
    req.options().cancel = stop.get_token();
    std::atomic<std::uint64_t> received{0};
    req.options().sink = http::callback_sink([&](std::string_view chunk) {
        received += chunk.size();
        if (received >= 3000) stop.request_stop();
        return true;
    });
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::cancelled);
    auto next = client.execute(http::request::get(server.url("/next")));
    ASSERT_TRUE(next) << next.error().to_string();
    EXPECT_EQ(next->body(), "next");
    EXPECT_EQ(server.connection_count(), 2u) << "a half-read connection must not be reused";
}

TEST_P(cancellation, the_awaiting_coroutines_cancellation_slot_cancels_the_call) {
    using namespace boost::asio::experimental::awaitable_operators;
    mock_server server;
    server.enqueue(mock_response().hang());
    boost::asio::io_context io;
    http::client client(io.get_executor(), options());
    auto outcome = run_on(io, [](http::client c, std::string url) -> task<std::string> {
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, 200ms);
        auto request = c.get(url);
        auto timeout = timer.async_wait(boost::asio::use_awaitable);
        auto winner = co_await (std::move(request) || std::move(timeout));
        co_return winner.index() == 0 ? "request finished first" : "timer won";
    }(client, server.url("/")));
    ASSERT_TRUE(outcome);
    EXPECT_EQ(*outcome, "timer won");
}

TEST_P(cancellation, a_cancellation_signal_bound_to_the_call_cancels_it) {
    mock_server server;
    server.enqueue(mock_response().hang());
    boost::asio::io_context io;
    http::client client(io.get_executor(), options());
    boost::asio::cancellation_signal signal;
    std::optional<result<http::response>> got;
    boost::asio::co_spawn(io, client.get(server.url("/")),
                          boost::asio::bind_cancellation_slot(signal.slot(), [&](std::exception_ptr e, result<http::response> r) {
                              if (!e) got.emplace(std::move(r));
                          }));
    boost::asio::steady_timer timer(io, 100ms);
    timer.async_wait([&](auto) { signal.emit(boost::asio::cancellation_type::terminal); });
    io.run_for(5s);
    ASSERT_TRUE(got);
    ASSERT_FALSE(*got);
    EXPECT_EQ(got->error().code(), errc::cancelled);
}

TEST_P(cancellation, a_cancellation_signal_cancels_a_call_that_is_still_connecting) {
    unanswered_listener unanswered;
    boost::asio::io_context io;
    http::client client(io.get_executor(), options());
    boost::asio::cancellation_signal signal;
    std::optional<result<http::response>> got;
    boost::asio::co_spawn(io, client.get("http://127.0.0.1:" + std::to_string(unanswered.port()) + "/"),
                          boost::asio::bind_cancellation_slot(signal.slot(), [&](std::exception_ptr e, result<http::response> r) {
                              if (!e) got.emplace(std::move(r));
                          }));
    boost::asio::steady_timer timer(io, 100ms);
    timer.async_wait([&](auto) { signal.emit(boost::asio::cancellation_type::terminal); });
    auto start = std::chrono::steady_clock::now();
    io.run_for(5s);
    ASSERT_TRUE(got);
    ASSERT_FALSE(*got);
    EXPECT_EQ(got->error().code(), errc::cancelled);
    EXPECT_LT(elapsed_ms(start), 2000);
}

TEST_P(cancellation, a_cancellation_signal_mid_body_cancels_the_call_and_the_connection_is_not_reused) {
    // An io_context run by one thread (hint 1) lets a transport run the call
    // in the caller's own coroutine; any other is handed over: both paths.
    for (int hint : {BOOST_ASIO_CONCURRENCY_HINT_DEFAULT, 1}) {
        SCOPED_TRACE("concurrency hint " + std::to_string(hint));
        mock_server server;
        server.enqueue(mock_response().body(std::string(100'000, 'x')).throttle(1000, 50ms));
        server.enqueue(mock_response::text("next"));
        boost::asio::io_context io(hint);
        http::client client(io.get_executor(), options());
        boost::asio::cancellation_signal signal;
        auto req = http::request::get(server.url("/slow"));
        std::uint64_t received = 0;
        bool emitted = false;
        req.options().sink = http::callback_sink([&](std::string_view chunk) {
            received += chunk.size();
            if (received >= 3000 && !emitted) {
                // Posted: the transport is in the middle of delivering this chunk.
                emitted = true;
                boost::asio::post(io, [&signal] { signal.emit(boost::asio::cancellation_type::terminal); });
            }
            return true;
        });
        std::optional<result<http::response>> got;
        boost::asio::co_spawn(io, client.send(req),
                              boost::asio::bind_cancellation_slot(signal.slot(), [&](std::exception_ptr e, result<http::response> r) {
                                  if (!e) got.emplace(std::move(r));
                              }));
        io.run_for(5s);
        ASSERT_TRUE(got);
        ASSERT_FALSE(*got);
        EXPECT_EQ(got->error().code(), errc::cancelled);
        EXPECT_LT(received, 100'000u);
        auto next = run_on(io, client.get(server.url("/next")));
        ASSERT_TRUE(next && *next);
        EXPECT_EQ((*next)->body(), "next");
        EXPECT_EQ(server.connection_count(), 2u) << "a half-read connection must not be reused";
    }
}

TEST_P(cancellation, calls_in_flight_outlive_the_client_handle_safely) {
    mock_server server;
    server.route("GET", "/*", [](const auto&) { return mock_response().hang(); });
    std::vector<std::future<result<http::response>>> pending;
    {
        http::client client(options());
        for (int i = 0; i < 4; ++i) pending.push_back(client.enqueue(http::request::get(server.url("/"))));
        while (server.request_count() < 4) std::this_thread::sleep_for(5ms);
    }
    // The calls keep the client's internals alive: they finish (here, when
    // the server goes away) and the internals wind down after them.
    server.stop();
    for (auto& f : pending) {
        ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
        auto r = f.get();
        EXPECT_FALSE(r);
    }
}

TEST_P(cancellation, cancelling_many_calls_at_random_moments_is_safe) {
    mock_server server;
    std::atomic<int> n{0};
    server.route("GET", "/*", [&n](const auto&) {
        return mock_response::text("ok").delay(std::chrono::milliseconds(n++ % 15));
    });
    http::client client(options());
    constexpr int calls = 120;
    std::vector<std::stop_source> stops(calls);
    std::vector<std::future<result<http::response>>> pending;
    for (int i = 0; i < calls; ++i) {
        auto req = http::request::get(server.url("/" + std::to_string(i)));
        req.options().cancel = stops[static_cast<std::size_t>(i)].get_token();
        pending.push_back(client.enqueue(std::move(req)));
    }
    std::thread canceller([&] {
        std::mt19937 rng(42);
        for (int i = 0; i < calls; i += 2) {
            std::this_thread::sleep_for(std::chrono::microseconds(rng() % 300));
            stops[static_cast<std::size_t>(i)].request_stop();
        }
    });
    int ok = 0;
    int cancelled = 0;
    for (auto& f : pending) {
        ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
        auto r = f.get();
        if (r) {
            ++ok;
        } else {
            EXPECT_EQ(r.error().code(), errc::cancelled) << r.error().to_string();
            ++cancelled;
        }
    }
    canceller.join();
    EXPECT_EQ(ok + cancelled, calls);
    EXPECT_GE(ok, calls / 2) << "calls that were never cancelled all succeed";
    auto after = client.execute(http::request::get(server.url("/after")));
    ASSERT_TRUE(after) << after.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(transports, cancellation, ::testing::ValuesIn(tested_transports()), transport_name);
