// The latency histogram: where observations land, and how close its
// quantiles come to the exact ones computed here from the same samples.

#include <tether/http/metrics.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

namespace {

using namespace std::chrono_literals;
using std::chrono::microseconds;
using tether::http::latency_histogram;

// The R10 preferred numbers of one decade (ISO 3), written out here rather
// than taken from the code under test.
const std::vector<long long> r10{100, 125, 160, 200, 250, 315, 400, 500, 630, 800};

std::vector<microseconds> expected_bounds() {
    std::vector<microseconds> out;
    for (long long decade = 1; decade <= 100'000; decade *= 10) {
        for (auto n : r10) out.push_back(microseconds(n * decade));
    }
    return out;
}

// The exact q-quantile by the nearest-rank definition: the ceil(q·n)-th smallest.
microseconds exact_quantile(std::vector<microseconds> samples, double q) {
    std::sort(samples.begin(), samples.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples.size()) - 1e-9));
    return samples[std::max<std::size_t>(rank, 1) - 1];
}

// The edges of the bucket that holds `value`: (largest bound below, smallest bound at or above].
std::pair<microseconds, microseconds> bucket_edges(microseconds value, microseconds max_seen) {
    const auto bounds = expected_bounds();
    microseconds lower{0};
    for (auto b : bounds) {
        if (value <= b) return {lower, b};
        lower = b;
    }
    return {lower, max_seen};
}

latency_histogram histogram_of(const std::vector<microseconds>& samples) {
    latency_histogram h;
    for (auto s : samples) h.observe(s);
    return h;
}

std::vector<microseconds> draw(int n, const std::function<double(std::mt19937_64&)>& ms) {
    std::mt19937_64 engine(20240611);
    std::vector<microseconds> out;
    for (int i = 0; i < n; ++i) out.push_back(microseconds(std::llround(std::max(0.0, ms(engine)) * 1000.0)));
    return out;
}

TEST(latency_histogram, bounds_are_the_r10_series_from_100_us_to_80_s) {
    const auto bounds = latency_histogram::bounds();
    const auto expected = expected_bounds();
    ASSERT_EQ(bounds.size(), expected.size());
    EXPECT_TRUE(std::equal(bounds.begin(), bounds.end(), expected.begin()));
    EXPECT_EQ(bounds.front(), 100us);
    EXPECT_EQ(bounds.back(), 80s);
    for (std::size_t i = 1; i < bounds.size(); ++i) {
        const double growth = static_cast<double>(bounds[i].count()) / static_cast<double>(bounds[i - 1].count());
        EXPECT_GE(growth, 1.24) << "at " << i;
        EXPECT_LE(growth, 1.28) << "at " << i;
    }
}

TEST(latency_histogram, a_bound_belongs_to_its_own_bucket_and_larger_values_overflow) {
    latency_histogram h;
    h.observe(0us);
    h.observe(100us);   // bucket 0, inclusive bound
    h.observe(101us);   // bucket 1
    h.observe(500ms);   // the bucket whose bound is 500 ms
    h.observe(500001us);
    h.observe(81s);     // overflow
    h.observe(-5us);    // counts as zero
    const auto counts = h.bucket_counts();
    EXPECT_EQ(counts[0], 3u);
    EXPECT_EQ(counts[1], 1u);
    const auto bounds = latency_histogram::bounds();
    const auto at_500ms = static_cast<std::size_t>(std::find(bounds.begin(), bounds.end(), 500ms) - bounds.begin());
    EXPECT_EQ(counts[at_500ms], 1u);
    EXPECT_EQ(counts[at_500ms + 1], 1u);
    EXPECT_EQ(counts[latency_histogram::bounded_buckets], 1u);
    EXPECT_EQ(h.count(), 7u);
}

TEST(latency_histogram, count_sum_extremes_and_mean_are_exact) {
    const auto h = histogram_of({3ms, 1ms, 8ms, 4ms});
    EXPECT_EQ(h.count(), 4u);
    EXPECT_EQ(h.sum(), 16ms);
    EXPECT_EQ(h.min(), 1ms);
    EXPECT_EQ(h.max(), 8ms);
    EXPECT_EQ(h.mean(), 4ms);
}

TEST(latency_histogram, an_empty_histogram_reports_zero) {
    const latency_histogram h;
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.quantile(0.5), 0us);
    EXPECT_EQ(h.mean(), 0us);
    EXPECT_EQ(h.max(), 0us);
}

TEST(latency_histogram, quantiles_stay_within_the_observed_extremes) {
    const auto h = histogram_of(std::vector<microseconds>(50, 42ms));
    EXPECT_EQ(h.quantile(0.0), 42ms);
    EXPECT_EQ(h.quantile(0.5), 42ms);
    EXPECT_EQ(h.quantile(0.99), 42ms);
    EXPECT_EQ(h.quantile(1.0), 42ms);
}

TEST(latency_histogram, the_median_of_two_is_the_smaller_and_anything_above_is_in_the_larger_bucket) {
    const auto h = histogram_of({1ms, 100ms});
    EXPECT_EQ(h.quantile(0.5), 1ms) << "rank 1 of 2: the first observation, its bucket clamped to the minimum";
    EXPECT_GT(h.quantile(0.51), 80ms);
    EXPECT_LE(h.quantile(0.51), 100ms);
    EXPECT_EQ(h.quantile(1.0), 100ms);
}

TEST(latency_histogram, overflowing_latencies_are_estimated_up_to_the_maximum) {
    const auto h = histogram_of({90s, 120s});
    EXPECT_GE(h.quantile(0.99), 90s);
    EXPECT_LE(h.quantile(0.99), 120s);
}

struct distribution_case {
    const char* name;
    std::function<double(std::mt19937_64&)> ms;
};

TEST(latency_histogram, quantiles_fall_in_the_bucket_of_the_exact_quantile) {
    const std::vector<distribution_case> cases{
        {"uniform 1-200 ms", [](auto& e) { return std::uniform_real_distribution<double>(1, 200)(e); }},
        {"exponential, mean 50 ms", [](auto& e) { return std::exponential_distribution<double>(1.0 / 50)(e); }},
        {"log-normal, median 20 ms", [](auto& e) { return std::lognormal_distribution<double>(std::log(20.0), 1.0)(e); }},
        {"bimodal: 90 % near 5 ms, 10 % near 800 ms",
         [](auto& e) {
             const bool slow = std::bernoulli_distribution(0.1)(e);
             return slow ? std::normal_distribution<double>(800, 50)(e) : std::normal_distribution<double>(5, 1)(e);
         }},
        {"sub-millisecond", [](auto& e) { return std::uniform_real_distribution<double>(0.01, 0.9)(e); }},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto samples = draw(10'000, c.ms);
        const auto h = histogram_of(samples);
        const auto max_seen = *std::max_element(samples.begin(), samples.end());
        for (double q : {0.5, 0.9, 0.95, 0.99}) {
            SCOPED_TRACE(q);
            const auto exact = exact_quantile(samples, q);
            const auto estimate = h.quantile(q);
            const auto [lower, upper] = bucket_edges(exact, max_seen);
            EXPECT_GE(estimate, lower) << "exact " << exact.count() << " us";
            EXPECT_LE(estimate, upper) << "exact " << exact.count() << " us";
            const double ratio = static_cast<double>(estimate.count()) / static_cast<double>(exact.count());
            EXPECT_NEAR(ratio, 1.0, 0.28);
        }
    }
}

TEST(latency_histogram, interpolation_is_close_for_a_uniform_distribution) {
    const auto samples = draw(20'000, [](auto& e) { return std::uniform_real_distribution<double>(10, 400)(e); });
    const auto h = histogram_of(samples);
    for (double q : {0.5, 0.95, 0.99}) {
        const auto exact = exact_quantile(samples, q);
        const double error = std::abs(static_cast<double>((h.quantile(q) - exact).count())) / static_cast<double>(exact.count());
        EXPECT_LT(error, 0.03) << "q " << q << ": exact " << exact.count() << " us, estimate " << h.quantile(q).count();
    }
}

TEST(latency_histogram, merging_equals_observing_everything_in_one) {
    const auto samples = draw(1'000, [](auto& e) { return std::exponential_distribution<double>(1.0 / 30)(e); });
    const std::vector<microseconds> first(samples.begin(), samples.begin() + 400);
    const std::vector<microseconds> second(samples.begin() + 400, samples.end());
    auto merged = histogram_of(first);
    merged.merge(histogram_of(second));
    const auto whole = histogram_of(samples);
    EXPECT_EQ(merged, whole);
    EXPECT_EQ(merged.quantile(0.95), whole.quantile(0.95));

    latency_histogram empty;
    empty.merge(whole);
    EXPECT_EQ(empty, whole) << "merging into an empty histogram takes the other's extremes";
    auto unchanged = whole;
    unchanged.merge(latency_histogram{});
    EXPECT_EQ(unchanged, whole);
}

}  // namespace
