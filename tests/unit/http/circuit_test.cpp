// One circuit's state machine, with time moved by hand.

#include "http/circuit/circuit.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using tether::http::circuit_breaker_policy;
using tether::http::circuit_state;
using tether::http::detail::circuit;

const auto t0 = std::chrono::steady_clock::time_point(std::chrono::hours(1));

circuit_breaker_policy consecutive(int n) {
    circuit_breaker_policy p;
    p.consecutive_failures = n;
    p.failure_rate = 0;
    p.cool_down = 10s;
    return p;
}

TEST(circuit, opens_after_consecutive_failures_and_a_success_resets_the_count) {
    const auto p = consecutive(3);
    circuit c(p);
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(c.admit(t0).allowed);
        c.record(true, t0);
    }
    ASSERT_TRUE(c.admit(t0).allowed);
    c.record(false, t0);
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(c.admit(t0).allowed);
        c.record(true, t0);
    }
    EXPECT_EQ(c.state(), circuit_state::closed) << "two in a row since the success";
    ASSERT_TRUE(c.admit(t0).allowed);
    c.record(true, t0);
    EXPECT_EQ(c.state(), circuit_state::open);
    EXPECT_EQ(c.take_change(), circuit_state::closed);
    auto refused = c.admit(t0 + 3s);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.refused_until, t0 + 10s);
}

TEST(circuit, half_open_lets_one_probe_through_and_its_outcome_decides) {
    const auto p = consecutive(1);
    circuit c(p);
    ASSERT_TRUE(c.admit(t0).allowed);
    c.record(true, t0);
    ASSERT_EQ(c.state(), circuit_state::open);
    ASSERT_TRUE(c.admit(t0 + 10s).allowed) << "the cool-down is over: a probe";
    EXPECT_EQ(c.state(), circuit_state::half_open);
    EXPECT_FALSE(c.admit(t0 + 10s).allowed) << "one probe at a time";
    c.record(true, t0 + 11s);
    EXPECT_EQ(c.state(), circuit_state::open) << "a failed probe reopens";
    EXPECT_FALSE(c.admit(t0 + 20s).allowed) << "a new cool-down from the probe's failure";
    ASSERT_TRUE(c.admit(t0 + 21s).allowed);
    c.record(false, t0 + 21s);
    EXPECT_EQ(c.state(), circuit_state::closed);
    EXPECT_TRUE(c.admit(t0 + 21s).allowed);
}

TEST(circuit, an_abandoned_probe_frees_its_place) {
    const auto p = consecutive(1);
    circuit c(p);
    ASSERT_TRUE(c.admit(t0).allowed);
    c.record(true, t0);
    ASSERT_TRUE(c.admit(t0 + 10s).allowed);
    c.abandon();
    EXPECT_EQ(c.state(), circuit_state::half_open);
    EXPECT_TRUE(c.admit(t0 + 10s).allowed);
}

TEST(circuit, opens_on_the_failure_rate_over_the_window) {
    circuit_breaker_policy p;
    p.consecutive_failures = 0;
    p.failure_rate = 0.5;
    p.window_calls = 10;
    circuit c(p);
    // Alternating: never two failures in a row, half of them failed.
    for (int i = 0; i < 9; ++i) {
        ASSERT_TRUE(c.admit(t0).allowed);
        c.record(i % 2 == 0, t0);
        EXPECT_EQ(c.state(), circuit_state::closed) << "not judged before the window is full (call " << i << ")";
    }
    ASSERT_TRUE(c.admit(t0).allowed);
    c.record(false, t0);
    EXPECT_EQ(c.state(), circuit_state::open) << "5 of 10 failed";
}

TEST(circuit, a_low_failure_rate_keeps_it_closed) {
    circuit_breaker_policy p;
    p.consecutive_failures = 0;
    p.failure_rate = 0.5;
    p.window_calls = 10;
    circuit c(p);
    for (int i = 0; i < 50; ++i) {
        ASSERT_TRUE(c.admit(t0).allowed);
        c.record(i % 3 == 0, t0);
    }
    EXPECT_EQ(c.state(), circuit_state::closed);
}

}  // namespace
