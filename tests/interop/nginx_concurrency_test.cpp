// Concurrency against nginx: over HTTP/1.1 many requests at once all succeed
// within the per-host limit, with every transport; over HTTP/2 (curl) they
// share one connection.
//
// nginx adds X-Connection (its connection serial number) to every response,
// which counts the connections from the server's side; timings() counts
// them from the client's.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <gtest/gtest.h>

#include <future>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace tether;
using tether::interop::nginx_https_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;

constexpr int concurrent_calls = 32;

struct batch_outcome {
    int succeeded = 0;
    int http2 = 0;
    int reused = 0;
    std::set<std::string> connections;
};

batch_outcome send_concurrently(const http::client& client, int calls = concurrent_calls) {
    std::vector<std::future<result<http::response>>> pending;
    for (int i = 0; i < calls; ++i) {
        pending.push_back(client.enqueue(http::request::get(nginx_https_url("/hello.json"))));
    }
    batch_outcome out;
    for (auto& f : pending) {
        auto r = f.get();
        if (!r) {
            ADD_FAILURE() << r.error().to_string();
            continue;
        }
        ++out.succeeded;
        if (r->version() == http::http_version::http2) ++out.http2;
        if (r->timings().reused_connection) ++out.reused;
        out.connections.insert(std::string(r->headers().get("X-Connection").value_or("?")));
    }
    return out;
}

class nginx_concurrency : public transport_test {};

TEST_P(nginx_concurrency, http1_requests_all_succeed) {
    http::client client(nginx_options());
    auto out = send_concurrently(client);
    EXPECT_EQ(out.succeeded, concurrent_calls);
    EXPECT_EQ(out.http2, 0);
}

// Requests over the limit queue for a free connection instead of failing.
TEST_P(nginx_concurrency, http1_requests_stay_within_max_connections_per_host) {
    auto opts = nginx_options();
    opts.max_connections_per_host = 2;
    http::client client(opts);
    auto out = send_concurrently(client, 16);
    EXPECT_EQ(out.succeeded, 16);
    EXPECT_LE(out.connections.size(), 2u) << "nginx saw " << out.connections.size() << " connections";
}

INSTANTIATE_TEST_SUITE_P(nginx, nginx_concurrency, ::testing::ValuesIn(tested_transports()), transport_name);

// HTTP/2, the curl transport only. PIPEWAIT makes the calls wait for the
// first connection and multiplex on it (RFC 9113 §9.1: clients should not
// open more than one connection to a server). One spare connection is
// allowed for a race in the first handshake.
TEST(nginx_concurrency_http2, requests_multiplex_over_one_connection) {
    http::client client(tether::interop::nginx_options());
    auto out = send_concurrently(client);
    EXPECT_EQ(out.succeeded, concurrent_calls);
    EXPECT_EQ(out.http2, concurrent_calls);
    EXPECT_LE(out.connections.size(), 2u) << "nginx saw " << out.connections.size() << " connections";
    EXPECT_GE(out.reused, concurrent_calls - static_cast<int>(out.connections.size()))
        << "timings().reused_connection disagrees with the connections nginx saw";
}

}  // namespace
