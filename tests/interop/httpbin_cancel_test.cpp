// Cancelling a call that a real server is still working on.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <stop_token>
#include <thread>

namespace {

using namespace tether;
using namespace std::chrono_literals;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;
using tether::interop::stopwatch;

class httpbin_cancel : public transport_test {};

// The stop is requested 300 ms in, while httpbin sleeps for 3 s: the call
// must end long before the server would have answered.
TEST_P(httpbin_cancel, stop_request_ends_a_waiting_call_with_cancelled_promptly) {
    http::client client(options());
    std::stop_source stop;
    auto req = http::request::get(httpbin_url("/delay/3"));
    req.options().cancel = stop.get_token();
    stopwatch clock;
    std::jthread canceller([&stop] {
        std::this_thread::sleep_for(300ms);
        stop.request_stop();
    });
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::cancelled) << r.error().to_string();
    EXPECT_LT(clock.elapsed(), 2500ms);
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_cancel, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
