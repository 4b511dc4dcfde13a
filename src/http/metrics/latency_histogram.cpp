#include <tether/http/metrics.hpp>

#include <algorithm>
#include <cmath>

namespace tether::http {

namespace {

using std::chrono::microseconds;

// The R10 preferred numbers (ISO 3: each step ×10^(1/10) ≈ 1.26, rounded to
// 1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8), from 100 µs to 80 s. Round
// bounds keep the Prometheus `le` labels readable and make the usual limits
// (1 ms, 100 ms, 500 ms, 1 s) exact bucket edges.
constexpr std::array<std::int64_t, 10> r10{100, 125, 160, 200, 250, 315, 400, 500, 630, 800};

constexpr std::array<microseconds, latency_histogram::bounded_buckets> make_bounds() {
    std::array<microseconds, latency_histogram::bounded_buckets> out{};
    std::int64_t decade = 1;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (i > 0 && i % r10.size() == 0) decade *= 10;
        out[i] = microseconds(r10[i % r10.size()] * decade);
    }
    return out;
}

constexpr auto bucket_bounds = make_bounds();
static_assert(bucket_bounds.front() == microseconds(100));
static_assert(bucket_bounds.back() == microseconds(80'000'000));

std::size_t bucket_of(microseconds latency) noexcept {
    // lower_bound: the first bound >= latency, as bounds are inclusive.
    const auto it = std::lower_bound(bucket_bounds.begin(), bucket_bounds.end(), latency);
    return static_cast<std::size_t>(it - bucket_bounds.begin());
}

}  // namespace

std::span<const microseconds, latency_histogram::bounded_buckets> latency_histogram::bounds() noexcept {
    return bucket_bounds;
}

void latency_histogram::observe(microseconds latency) noexcept {
    latency = std::max(latency, microseconds(0));
    ++counts_[bucket_of(latency)];
    min_ = count_ == 0 ? latency : std::min(min_, latency);
    max_ = count_ == 0 ? latency : std::max(max_, latency);
    ++count_;
    sum_ += latency;
}

void latency_histogram::merge(const latency_histogram& other) noexcept {
    if (other.count_ == 0) return;
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
    max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
    count_ += other.count_;
    sum_ += other.sum_;
}

microseconds latency_histogram::mean() const noexcept {
    if (count_ == 0) return microseconds(0);
    return microseconds(sum_.count() / static_cast<std::int64_t>(count_));
}

microseconds latency_histogram::quantile(double q) const noexcept {
    if (count_ == 0 || std::isnan(q)) return microseconds(0);
    q = std::clamp(q, 0.0, 1.0);
    // The rank of the wanted observation (Prometheus: q · count). The slack
    // keeps 0.95 · 100 from landing past the 95th observation by a rounding.
    const double rank = q * static_cast<double>(count_) - 1e-9;
    double below = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        if (counts_[i] == 0) continue;
        const auto n = static_cast<double>(counts_[i]);
        if (below + n >= rank) {
            // Only the observed extremes are known exactly; inside them the
            // bucket's edges bound the value.
            const auto lower = std::max(i == 0 ? microseconds(0) : bucket_bounds[i - 1], min_);
            const auto upper = std::min(i < bucket_bounds.size() ? bucket_bounds[i] : max_, max_);
            const double share = std::clamp((rank - below) / n, 0.0, 1.0);
            const double at = static_cast<double>(lower.count()) +
                              static_cast<double>((upper - lower).count()) * share;
            return microseconds(std::llround(at));
        }
        below += n;
    }
    return max_;
}

}  // namespace tether::http
