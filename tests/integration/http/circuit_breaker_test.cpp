// The circuit breaker against a real server: it opens, fails fast without
// reaching the server, probes after the cool-down and closes again.

#include "support.hpp"

#include <tether/core/exceptions.hpp>
#include <tether/http/circuit_breaker.hpp>

#include <mutex>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

struct manual_clock {
    std::mutex mutex;
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point(std::chrono::hours(1));
    void advance(std::chrono::milliseconds d) {
        std::lock_guard lock(mutex);
        now += d;
    }
};

struct state_log {
    std::mutex mutex;
    std::vector<std::string> changes;
};

}  // namespace

class circuit_breaker : public transport_test {
protected:
    http::client_options breaking(int failures) {
        http::circuit_breaker_policy policy;
        policy.consecutive_failures = failures;
        policy.failure_rate = 0;
        policy.cool_down = 5s;
        policy.now = [c = clock] {
            std::lock_guard lock(c->mutex);
            return c->now;
        };
        policy.on_state_change = [log = log](const std::string&, http::circuit_state from, http::circuit_state to) {
            std::lock_guard lock(log->mutex);
            log->changes.push_back(std::string(to_string(from)) + "->" + std::string(to_string(to)));
        };
        auto opts = options();
        opts.interceptors.push_back(http::circuit_breaker(policy));
        return opts;
    }
    std::shared_ptr<manual_clock> clock = std::make_shared<manual_clock>();
    std::shared_ptr<state_log> log = std::make_shared<state_log>();
};

TEST_P(circuit_breaker, opens_fails_fast_probes_and_closes) {
    mock_server server;
    for (int i = 0; i < 3; ++i) server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("back"));
    server.enqueue(mock_response::text("again"));
    http::client client(breaking(3));
    for (int i = 0; i < 3; ++i) EXPECT_EQ(client.execute(http::request::get(server.url("/"))).error().code(), errc::server_error);

    auto refused = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), errc::circuit_open);
    EXPECT_EQ(refused.error().retry_after(), std::chrono::seconds(5));
    EXPECT_EQ(classify(refused.error()), error_class::transient);
    EXPECT_THROW(refused.value(), circuit_open_error);
    EXPECT_EQ(server.request_count(), 3u) << "an open circuit does not reach the server";

    clock->advance(5s);
    auto probe = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(probe) << probe.error().to_string();
    EXPECT_EQ(probe->body(), "back");
    auto after = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(after) << after.error().to_string();
    EXPECT_EQ(after->body(), "again");
    std::lock_guard lock(log->mutex);
    EXPECT_EQ(log->changes, (std::vector<std::string>{"closed->open", "open->half_open", "half_open->closed"}));
}

TEST_P(circuit_breaker, client_errors_are_the_server_working_and_keep_it_closed) {
    mock_server server;
    server.route("GET", "/*", [](const auto&) { return mock_response(404); });
    http::client client(breaking(2));
    for (int i = 0; i < 5; ++i) EXPECT_EQ(client.execute(http::request::get(server.url("/"))).error().code(), errc::not_found);
    EXPECT_EQ(server.request_count(), 5u);
    std::lock_guard lock(log->mutex);
    EXPECT_TRUE(log->changes.empty());
}

TEST_P(circuit_breaker, each_origin_has_its_own_circuit) {
    mock_server failing;
    failing.route("GET", "/*", [](const auto&) { return mock_response(500); });
    mock_server healthy;
    healthy.route("GET", "/*", [](const auto&) { return mock_response::text("fine"); });
    http::client client(breaking(2));
    for (int i = 0; i < 3; ++i) (void)client.execute(http::request::get(failing.url("/")));
    EXPECT_EQ(client.execute(http::request::get(failing.url("/"))).error().code(), errc::circuit_open);
    auto other = client.execute(http::request::get(healthy.url("/")));
    ASSERT_TRUE(other) << other.error().to_string();
    EXPECT_EQ(failing.request_count(), 2u);
}

TEST_P(circuit_breaker, a_server_that_is_down_opens_the_circuit) {
    const auto url = refused_url();
    http::client client(breaking(2));
    EXPECT_EQ(client.execute(http::request::get(url)).error().code(), errc::connection_refused);
    EXPECT_EQ(client.execute(http::request::get(url)).error().code(), errc::connection_refused);
    EXPECT_EQ(client.execute(http::request::get(url)).error().code(), errc::circuit_open);
}

INSTANTIATE_TEST_SUITE_P(transports, circuit_breaker, ::testing::ValuesIn(tested_transports()), transport_name);
