#pragma once
// Rebuilds a latency_histogram from its parts (a snapshot read from JSON).

#include <tether/http/metrics.hpp>

namespace tether::http::detail {

struct histogram_access {
    /// A histogram with these per-bucket counts and exact sum and extremes;
    /// the count is the buckets' total.
    static latency_histogram make(const std::array<std::uint64_t, latency_histogram::bucket_count>& counts,
                                  std::chrono::microseconds sum, std::chrono::microseconds min,
                                  std::chrono::microseconds max) noexcept {
        latency_histogram h;
        h.counts_ = counts;
        for (auto n : counts) h.count_ += n;
        h.sum_ = sum;
        h.min_ = min;
        h.max_ = max;
        return h;
    }
};

}  // namespace tether::http::detail
