// Timeouts against a server that is really slow: httpbin's /drip sends its
// bytes with pauses, /delay answers late.
//
// Each failing case uses a pause several times longer than the timeout, and
// asserts only that the call ended well before the server would have
// finished: no case depends on scheduling luck.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <gtest/gtest.h>

#include <chrono>

namespace {

using namespace tether;
using namespace std::chrono_literals;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;
using tether::interop::stopwatch;

class httpbin_timeout : public transport_test {};

// 10 bytes over 2 s: a pause of 0.2 s after each.
TEST_P(httpbin_timeout, slow_body_completes_when_every_pause_is_shorter_than_read_timeout) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/drip?duration=2&numbytes=10&delay=0"));
    req.options().read_timeout = 5s;
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "**********");
}

// 2 bytes over 4 s: the first at once, the second after 2 s.
TEST_P(httpbin_timeout, pause_in_the_body_longer_than_read_timeout_fails_with_read_timeout) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/drip?duration=4&numbytes=2&delay=0"));
    req.options().read_timeout = 500ms;
    stopwatch clock;
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::read_timeout) << r.error().to_string();
    EXPECT_LT(clock.elapsed(), 1900ms) << "the call waited for the second byte";
}

// A server that thinks for 3 s before its headers is as silent as one that
// stalls mid-body.
TEST_P(httpbin_timeout, silence_before_the_headers_counts_against_read_timeout) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/delay/3"));
    req.options().read_timeout = 500ms;
    stopwatch clock;
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::read_timeout) << r.error().to_string();
    EXPECT_LT(clock.elapsed(), 2500ms);
}

TEST_P(httpbin_timeout, response_later_than_total_timeout_fails_with_deadline_exceeded_on_time) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/delay/3"));
    req.options().total_timeout = 1s;
    stopwatch clock;
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::deadline_exceeded) << r.error().to_string();
    EXPECT_LT(clock.elapsed(), 2500ms) << "the deadline is 1 s; the server answers after 3 s";
}

// The total timeout is the caller's budget for the whole call (call_options.hpp):
// the time spent on earlier hops counts.
TEST_P(httpbin_timeout, total_timeout_covers_every_redirect_hop) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/redirect-to"));
    req.query("url", "/delay/3");
    req.options().total_timeout = 1s;
    stopwatch clock;
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::deadline_exceeded) << r.error().to_string();
    EXPECT_LT(clock.elapsed(), 2500ms);
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_timeout, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
