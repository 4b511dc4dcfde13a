#include "load_recorder.hpp"

#include <algorithm>

namespace tether::bench {

namespace {

// Loopback HTTP/1.1 tops out well below this on one core; reserving for it
// keeps vector growth (an allocation and a copy of millions of entries) out
// of the window being measured.
constexpr double max_expected_rate = 400'000.0;

std::size_t expected_requests(std::chrono::nanoseconds window) {
    return static_cast<std::size_t>(std::chrono::duration<double>(window).count() * max_expected_rate) + 1024;
}

}  // namespace

load_recorder::load_recorder(const load_config& config)
    : open_at_(clock::now() + config.warmup), close_at_(open_at_ + config.duration), grace_(config.grace) {
    latencies_ns_.reserve(expected_requests(config.duration));
}

void load_recorder::advance(clock::time_point now) {
    if (phase_ == phase::warmup && now >= open_at_) {
        phase_ = phase::measuring;
        opened_ = now;
        cpu_opened_ = process_cpu_time();
    }
    if (phase_ == phase::measuring && now >= close_at_) {
        phase_ = phase::done;
        closed_ = now;
        cpu_closed_ = process_cpu_time();
    }
}

void load_recorder::succeeded(clock::time_point started, clock::time_point finished) {
    advance(finished);
    if (phase_ != phase::measuring) return;
    latencies_ns_.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(finished - started).count());
}

void load_recorder::failed(clock::time_point finished, std::string_view why) {
    advance(finished);
    if (failures_++ == 0) first_error_ = std::string(why);
}

load_result load_recorder::finish(std::string client, int concurrency) {
    load_result r;
    r.client = std::move(client);
    r.concurrency = concurrency;
    r.failures = failures_;
    r.stuck = stuck_;
    r.first_error = std::move(first_error_);
    if (phase_ == phase::warmup) return r;  // nothing completed after the warm-up
    if (phase_ == phase::measuring) {
        // Closed by the driver giving up, not by a completion.
        closed_ = clock::now();
        cpu_closed_ = process_cpu_time();
    }
    r.requests = latencies_ns_.size();
    r.seconds = std::chrono::duration<double>(closed_ - opened_).count();
    r.cpu_seconds = std::chrono::duration<double>(cpu_closed_ - cpu_opened_).count();
    std::sort(latencies_ns_.begin(), latencies_ns_.end());
    r.p50_us = percentile_us(latencies_ns_, 50);
    r.p99_us = percentile_us(latencies_ns_, 99);
    return r;
}

}  // namespace tether::bench
