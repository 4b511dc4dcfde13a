#pragma once
// The measurement window every client driver shares: a warm-up that is not
// counted, then a fixed window whose completions, latencies and process CPU
// time make up the result.
//
// Single-threaded by design: every driver runs its requests on the one
// benchmark thread and reports each completion here.

#include "cpu_time.hpp"
#include "load_config.hpp"
#include "load_result.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tether::bench {

class load_recorder {
public:
    using clock = std::chrono::steady_clock;

    // The warm-up starts now.
    explicit load_recorder(const load_config& config);

    // A request that answered 200. Latencies are kept only for requests
    // that complete inside the window.
    void succeeded(clock::time_point started, clock::time_point finished);
    // A request that failed or answered something else; `why` is kept for
    // the first one so the report can say what went wrong.
    void failed(clock::time_point finished, std::string_view why);

    // Opens or closes the window when its time has come. Completions call
    // this; a driver whose requests may all stall calls it from a timer or
    // its poll loop too, so the window still closes.
    void advance(clock::time_point now);

    // True once the window has closed: drivers start no new requests.
    [[nodiscard]] bool done() const noexcept { return phase_ == phase::done; }
    // When a driver stops waiting for requests still in flight.
    [[nodiscard]] clock::time_point give_up_at() const noexcept { return close_at_ + grace_; }
    // The driver gave up on requests that never completed.
    void mark_stuck() noexcept { stuck_ = true; }

    // Sorts the latencies and computes the figures.
    [[nodiscard]] load_result finish(std::string client, int concurrency);

private:
    enum class phase { warmup, measuring, done };

    phase phase_ = phase::warmup;
    clock::time_point open_at_;
    clock::time_point close_at_;
    std::chrono::nanoseconds grace_;
    clock::time_point opened_{};
    clock::time_point closed_{};
    std::chrono::nanoseconds cpu_opened_{0};
    std::chrono::nanoseconds cpu_closed_{0};
    std::vector<std::int64_t> latencies_ns_;
    std::uint64_t failures_ = 0;
    bool stuck_ = false;
    std::string first_error_;
};

}  // namespace tether::bench
