#pragma once
// What one measurement runs: which URL, how many requests in flight, and for
// how long.

#include "bench_target.hpp"

#include <chrono>

namespace tether::bench {

struct load_config {
    bench_target target;
    // Requests kept in flight at once; each slot is a closed loop (the next
    // request starts when the previous one completes), like wrk's -c.
    int concurrency = 1;
    // Connections are opened and caches warmed before the window opens.
    std::chrono::nanoseconds warmup = std::chrono::milliseconds(500);
    std::chrono::nanoseconds duration = std::chrono::seconds(3);
    // After the window closes, in-flight requests get this long to finish
    // before the run is declared stuck (and reported so, never waited on).
    std::chrono::nanoseconds grace = std::chrono::seconds(2);
};

}  // namespace tether::bench
