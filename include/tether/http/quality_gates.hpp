#pragma once
/// @file
/// `tether::http::check`: a metrics snapshot against quality gates (p95, p99,
/// error rate), naming each route that fails one.

#include <tether/http/metrics_snapshot.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tether::http {

/// Limits every route must keep. A route fails a gate when its measure
/// exceeds the limit; routes with fewer than `min_requests` completed calls
/// are not judged.
struct quality_gates {
    std::chrono::milliseconds max_p95{500};
    std::optional<std::chrono::milliseconds> max_p99;
    double max_error_rate = 0.01;
    std::uint64_t min_requests = 1;
};

/// One gate one route failed.
struct gate_failure {
    std::string gate;  ///< "p95", "p99" or "error_rate"
    std::string host;
    std::string method;
    std::string route;
    double measured = 0;  ///< milliseconds for latencies, a share for rates
    double limit = 0;
    /// "GET 127.0.0.1:8080 /users/{id}: p95 latency 742 ms exceeds the 500 ms limit (120 calls)"
    std::string message;
};

struct gate_report {
    std::vector<gate_failure> failures;
    std::size_t routes_checked = 0;
    std::size_t routes_skipped = 0;  ///< below min_requests

    [[nodiscard]] bool passed() const noexcept { return failures.empty(); }
    /// One line per failure, or one line saying how many routes passed.
    [[nodiscard]] std::string to_string() const;
};

/// Checks every route of `snapshot` against `gates`.
///
/// @code
/// auto report = http::check(metrics->snapshot(), http::quality_gates{});
/// EXPECT_TRUE(report.passed()) << report.to_string();
/// @endcode
[[nodiscard]] gate_report check(const metrics_snapshot& snapshot, const quality_gates& gates = {});

}  // namespace tether::http
