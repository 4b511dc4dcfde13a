// One client shared by many threads and many coroutines at once. These
// tests also run under ThreadSanitizer.

#include "support.hpp"

#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <thread>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

void route_echo_path(mock_server& server) {
    server.route("*", "/*", [](const tether::testing::recorded_request& r) { return mock_response::text(r.path); });
}

task<int> worker(http::client client, std::string base, int id, int calls) {
    int ok = 0;
    for (int i = 0; i < calls; ++i) {
        auto path = "/w" + std::to_string(id) + "/" + std::to_string(i);
        auto r = co_await client.get(base + path);
        if (r && r->body() == path) ++ok;
    }
    co_return ok;
}

}  // namespace

class concurrency : public transport_test {};

TEST_P(concurrency, many_threads_share_one_client_with_blocking_calls) {
    mock_server server;
    route_echo_path(server);
    http::client client(options());
    constexpr int threads = 8;
    constexpr int calls = 40;
    std::atomic<int> ok{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < calls; ++i) {
                auto path = "/t" + std::to_string(t) + "/" + std::to_string(i);
                auto r = client.execute(http::request::get(server.url(path)));
                if (r && r->body() == path) ++ok;
            }
        });
    }
    for (auto& th : pool) th.join();
    EXPECT_EQ(ok.load(), threads * calls);
    EXPECT_LE(server.connection_count(), static_cast<std::size_t>(threads) * 2);
}

TEST_P(concurrency, many_coroutines_on_a_multithreaded_executor_share_one_client) {
    mock_server server;
    route_echo_path(server);
    boost::asio::thread_pool pool(4);
    http::client client(pool.get_executor(), options());
    constexpr int workers = 64;
    constexpr int calls = 10;
    std::vector<std::future<int>> done;
    for (int w = 0; w < workers; ++w) {
        done.push_back(boost::asio::co_spawn(pool, worker(client, server.url(""), w, calls), boost::asio::use_future));
    }
    int ok = 0;
    for (auto& f : done) {
        ASSERT_EQ(f.wait_for(30s), std::future_status::ready);
        ok += f.get();
    }
    pool.join();
    EXPECT_EQ(ok, workers * calls);
}

TEST_P(concurrency, callbacks_from_many_threads_all_arrive) {
    mock_server server;
    route_echo_path(server);
    http::client client(options());
    constexpr int threads = 4;
    constexpr int calls = 50;
    std::atomic<int> ok{0};
    std::atomic<int> finished{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < calls; ++i) {
                auto path = "/c" + std::to_string(t) + "/" + std::to_string(i);
                client.enqueue(http::request::get(server.url(path)), [&ok, &finished, path](result<http::response> r) {
                    if (r && r->body() == path) ++ok;
                    ++finished;
                });
            }
        });
    }
    for (auto& th : pool) th.join();
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while (finished < threads * calls && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    EXPECT_EQ(ok.load(), threads * calls);
}

TEST_P(concurrency, clients_can_be_made_and_dropped_while_others_work) {
    mock_server server;
    route_echo_path(server);
    std::vector<std::thread> pool;
    std::atomic<int> ok{0};
    for (int t = 0; t < 4; ++t) {
        pool.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                http::client client(options());
                auto f1 = client.enqueue(http::request::get(server.url("/a")));
                auto f2 = client.enqueue(http::request::get(server.url("/b")));
                if (f1.get() && f2.get()) ++ok;
            }
        });
    }
    for (auto& th : pool) th.join();
    EXPECT_EQ(ok.load(), 40);
}

TEST_P(concurrency, a_client_dropped_with_calls_in_flight_completes_them) {
    mock_server server;
    server.route("GET", "/*", [](const auto&) { return mock_response::text("late").delay(100ms); });
    std::vector<std::future<result<http::response>>> pending;
    {
        http::client client(options());
        for (int i = 0; i < 8; ++i) pending.push_back(client.enqueue(http::request::get(server.url("/"))));
    }
    for (auto& f : pending) {
        ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
        auto r = f.get();
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_EQ(r->body(), "late");
    }
}

TEST_P(concurrency, the_per_host_connection_limit_queues_calls_beyond_it) {
    mock_server server;
    server.route("GET", "/*", [](const auto&) { return mock_response::text("ok").delay(50ms); });
    auto opts = options();
    opts.max_connections_per_host = 2;
    http::client client(opts);
    std::vector<std::future<result<http::response>>> pending;
    for (int i = 0; i < 10; ++i) pending.push_back(client.enqueue(http::request::get(server.url("/"))));
    for (auto& f : pending) {
        ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
        EXPECT_TRUE(f.get());
    }
    EXPECT_EQ(server.connection_count(), 2u);
}

TEST_P(concurrency, the_total_connection_limit_holds_across_origins) {
    // One server, two origins (127.0.0.1 and localhost), two connections in
    // all: six calls of 40 ms each go two at a time, so they cannot take
    // less than three rounds; an idle connection to one origin makes room
    // for the other.
    mock_server server;
    server.route("GET", "/*", [](const auto&) { return mock_response::text("ok").delay(40ms); });
    const auto port = std::to_string(server.port());
    auto opts = options();
    opts.max_connections = 2;
    http::client client(opts);
    std::vector<std::future<result<http::response>>> pending;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 6; ++i) {
        const std::string host = i % 2 == 0 ? "127.0.0.1" : "localhost";
        pending.push_back(client.enqueue(http::request::get("http://" + host + ":" + port + "/")));
    }
    for (auto& f : pending) {
        ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
        auto r = f.get();
        EXPECT_TRUE(r) << r.error().to_string();
    }
    EXPECT_GE(elapsed_ms(start), 3 * 40 - 5) << "more than two calls ran at once";
    EXPECT_EQ(server.request_count(), 6u);
    // A connection closed to make room may still be closing on the server's side.
    EXPECT_LE(server.max_open_connections(), 3u);
}

TEST_P(concurrency, an_idle_connection_is_closed_after_the_idle_timeout) {
    mock_server server;
    server.route("GET", "/*", [](const auto&) { return mock_response::text("ok"); });
    auto opts = options();
    // Whole seconds: libcurl counts connection age in seconds.
    opts.idle_connection_timeout = 1s;
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(server.url("/a"))));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/b"))));
    EXPECT_EQ(server.connection_count(), 1u) << "reused while fresh";
    std::this_thread::sleep_for(1500ms);
    ASSERT_TRUE(client.execute(http::request::get(server.url("/c"))));
    EXPECT_EQ(server.connection_count(), 2u) << "an expired idle connection was reused";
}

INSTANTIATE_TEST_SUITE_P(transports, concurrency, ::testing::ValuesIn(tested_transports()), transport_name);
