// The connection pool against nginx: connections are reused, and one the
// server closed while it sat idle is replaced without the caller noticing.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

namespace {

using namespace tether;
using namespace std::chrono_literals;
using tether::interop::nginx_http_url;
using tether::interop::nginx_https_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;

std::string connection_of(const http::response& r) {
    return std::string(r.headers().get("X-Connection").value_or("?"));
}

void expect_sequential_requests_to_share_one_connection(const http::client_options& options) {
    http::client client(options);
    std::set<std::string> connections;
    for (int i = 0; i < 5; ++i) {
        auto r = client.execute(http::request::get(nginx_https_url("/hello.json")));
        ASSERT_TRUE(r) << r.error().to_string();
        if (i > 0) {
            EXPECT_TRUE(r->timings().reused_connection) << "call " << i;
        }
        connections.insert(connection_of(*r));
    }
    EXPECT_EQ(connections.size(), 1u);
}

class nginx_connection : public transport_test {};

TEST_P(nginx_connection, sequential_requests_reuse_one_connection) {
    expect_sequential_requests_to_share_one_connection(nginx_options());
}

TEST_P(nginx_connection, fresh_tls_connection_reports_its_handshake_and_a_reused_one_does_not) {
    http::client client(nginx_options());
    auto first = client.execute(http::request::get(nginx_https_url("/hello.json")));
    ASSERT_TRUE(first) << first.error().to_string();
    const auto& fresh = first->timings();
    EXPECT_FALSE(fresh.reused_connection);
    EXPECT_GT(fresh.tls.count(), 0) << "a TLS handshake with an RSA key takes time";
    EXPECT_GE(fresh.total, fresh.first_byte);

    auto second = client.execute(http::request::get(nginx_https_url("/hello.json")));
    ASSERT_TRUE(second) << second.error().to_string();
    const auto& reused = second->timings();
    EXPECT_TRUE(reused.reused_connection);
    EXPECT_EQ(reused.tls.count(), 0) << "no handshake on a reused connection";
    EXPECT_EQ(reused.connect.count(), 0);
}

// nginx closes the connection 1 s after /short-keepalive.json; the next call
// comes 2 s later and finds a pooled connection that is already closed. The
// margin is generous so that nginx has closed it whatever the machine's load;
// either way the call must succeed.
void expect_stale_connection_is_replaced(http::client_options options, const std::string& url) {
    http::client client(options);
    auto first = client.execute(http::request::get(url));
    ASSERT_TRUE(first) << first.error().to_string();
    std::this_thread::sleep_for(2s);
    auto second = client.execute(http::request::get(url));
    ASSERT_TRUE(second) << second.error().to_string();
    EXPECT_NE(connection_of(*first), connection_of(*second)) << "nginx had closed the first connection";
    EXPECT_FALSE(second->timings().reused_connection);
}

TEST_P(nginx_connection, pooled_connection_closed_by_the_server_is_replaced_over_tls) {
    expect_stale_connection_is_replaced(nginx_options(), nginx_https_url("/short-keepalive.json"));
}

TEST_P(nginx_connection, pooled_connection_closed_by_the_server_is_replaced_over_plain_http) {
    expect_stale_connection_is_replaced(options(), nginx_http_url("/short-keepalive.json"));
}

INSTANTIATE_TEST_SUITE_P(nginx, nginx_connection, ::testing::ValuesIn(tested_transports()), transport_name);

// HTTP/2, the curl transport only.
TEST(nginx_connection_http2, sequential_requests_reuse_one_connection) {
    expect_sequential_requests_to_share_one_connection(tether::interop::nginx_options());
}

}  // namespace
