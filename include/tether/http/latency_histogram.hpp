#pragma once
/// @file
/// `tether::http::latency_histogram`: latencies in fixed log-spaced buckets, with quantiles.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

namespace tether::http {

namespace detail {
struct histogram_access;
}

/// Latencies in fixed, log-spaced buckets: the upper bounds follow the R10
/// preferred numbers (1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8 per decade;
/// ISO 3), from 100 µs to 80 s, then one overflow bucket. Each bucket spans
/// at most 28 % of its upper bound, which bounds a quantile's error; 500 ms,
/// 1 s and other round limits are bounds themselves. Two histograms merge by
/// adding their buckets.
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: safe for const access.
class latency_histogram {
public:
    /// Buckets with an upper bound, and the overflow bucket after them.
    static constexpr std::size_t bounded_buckets = 60;
    static constexpr std::size_t bucket_count = bounded_buckets + 1;

    /// The upper bounds (inclusive), in ascending order: bucket i counts
    /// latencies in (bounds[i-1], bounds[i]], bucket 0 those up to bounds[0].
    [[nodiscard]] static std::span<const std::chrono::microseconds, bounded_buckets> bounds() noexcept;

    /// Adds one latency (negative ones count as zero).
    void observe(std::chrono::microseconds latency) noexcept;
    /// Adds every observation of `other`.
    void merge(const latency_histogram& other) noexcept;

    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    [[nodiscard]] std::chrono::microseconds sum() const noexcept { return sum_; }
    /// Exact extremes; zero when empty.
    [[nodiscard]] std::chrono::microseconds min() const noexcept { return min_; }
    [[nodiscard]] std::chrono::microseconds max() const noexcept { return max_; }
    [[nodiscard]] std::chrono::microseconds mean() const noexcept;
    /// The q-quantile (q in [0, 1]) estimated as Prometheus's
    /// histogram_quantile does: linear interpolation inside the bucket that
    /// holds the rank, kept within the observed min and max. Zero when empty.
    [[nodiscard]] std::chrono::microseconds quantile(double q) const noexcept;
    /// Observations per bucket (not cumulative), overflow last.
    [[nodiscard]] std::span<const std::uint64_t, bucket_count> bucket_counts() const noexcept { return counts_; }

    friend bool operator==(const latency_histogram&, const latency_histogram&) = default;

private:
    friend struct detail::histogram_access;
    std::array<std::uint64_t, bucket_count> counts_{};
    std::uint64_t count_ = 0;
    std::chrono::microseconds sum_{0};
    std::chrono::microseconds min_{0};
    std::chrono::microseconds max_{0};
};

}  // namespace tether::http
