#pragma once
// One client's figures at one concurrency, and the percentile arithmetic
// behind them.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace tether::bench {

struct load_result {
    std::string client;  // "tether", "tether+3i", "raw-curl", "raw-beast"
    int concurrency = 0;
    std::uint64_t requests = 0;  // 200s completed inside the window
    std::uint64_t failures = 0;  // errors and non-200s over the whole run
    double seconds = 0;          // the window's actual length
    double cpu_seconds = 0;      // process user + system time inside the window
    double p50_us = 0;
    double p99_us = 0;
    bool stuck = false;       // requests still in flight after the grace period
    std::string first_error;  // what the first failure said, for the reader

    [[nodiscard]] double requests_per_second() const noexcept;
    [[nodiscard]] double cpu_us_per_request() const noexcept;
};

// The nearest-rank percentile (p in [0, 100]) of latencies sorted ascending,
// in microseconds; 0 when there are none. Nearest-rank, like HdrHistogram
// and wrk, never interpolates a latency nobody observed.
[[nodiscard]] double percentile_us(const std::vector<std::int64_t>& sorted_ns, double p) noexcept;

// Tab-separated rows, one per result; bench/report.awk reads them, and the
// wrk rows bench/run.sh writes use the same columns.
void print_tsv_header(std::ostream& out);
void print_tsv_row(std::ostream& out, const load_result& r);

}  // namespace tether::bench
