#include "reliability_report.hpp"

#include "load_result.hpp"

#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>

namespace tether::bench {

namespace {

double percent(int part, int whole) {
    return whole > 0 ? 100.0 * part / whole : 0.0;
}

double ms_at(const reliability_result& r, double p) {
    return percentile_us(r.latency_ns, p) / 1000.0;
}

std::string statuses(const std::vector<int>& list) {
    std::string out;
    for (int s : list) out += (out.empty() ? "" : " ") + std::to_string(s);
    return out;
}

}  // namespace

void print_setup(std::ostream& out, const reliability_config& c) {
    char line[512];
    std::snprintf(line, sizeof line,
                  "%d requests per run, %d in flight (closed loop), %d %% POST /chaos/orders (a unique client_order_id "
                  "each), %d %% GET /chaos/items/{id}; seed %llu\n",
                  c.requests, c.concurrency, c.percent_post, 100 - c.percent_post,
                  static_cast<unsigned long long>(c.seed));
    out << line;
    std::snprintf(line, sizeof line,
                  "fault mix (per attempt): %d %% 503, %d %% dropped connections (POST: half after the order was "
                  "applied), %d %% slow (%lld ms); read timeout %lld ms, total timeout %lld ms\n",
                  c.faults.percent_503, c.faults.percent_drop, c.faults.percent_slow,
                  static_cast<long long>(c.faults.slow_delay.count()), static_cast<long long>(c.read_timeout.count()),
                  static_cast<long long>(c.total_timeout.count()));
    out << line;
    std::snprintf(line, sizeof line,
                  "retry policy: max_retries %d, full-jitter backoff base %lld ms, cap %lld ms, statuses %s; "
                  "\"retry + keys\" sets add_idempotency_keys\n",
                  c.policy.max_retries, static_cast<long long>(c.policy.base_delay.count()),
                  static_cast<long long>(c.policy.max_delay.count()), statuses(c.policy.retry_statuses).c_str());
    out << line;
}

void print_table_header(std::ostream& out) {
    out << "transport  run              requests  ok %     GET ok %  POST ok %  p50 ms  p95 ms  p99 ms  retries/req  "
           "server/req  orders  POSTs ok  dup effects  wall s\n";
}

void print_row(std::ostream& out, const reliability_config& c, const reliability_result& r) {
    char line[512];
    std::snprintf(line, sizeof line,
                  "%-9s  %-15s  %8d  %7.2f  %8.2f  %9.2f  %6.1f  %6.1f  %6.1f  %11.2f  %10.2f  %6llu  %8d  %11llu  "
                  "%6.1f\n",
                  to_string(c.transport), to_string(c.mode), r.requests, r.success_percent(),
                  percent(r.gets_ok, r.gets), percent(r.posts_ok, r.posts), ms_at(r, 50), ms_at(r, 95), ms_at(r, 99),
                  r.requests > 0 ? static_cast<double>(r.retries) / r.requests : 0.0,
                  r.requests > 0 ? static_cast<double>(r.effects.requests) / r.requests : 0.0,
                  static_cast<unsigned long long>(r.effects.orders_applied), r.posts_ok,
                  static_cast<unsigned long long>(r.effects.duplicated_effects), r.seconds);
    out << line;
}

void print_verdict(std::ostream& out, const reliability_config& c, const reliability_result& r) {
    char line[512];
    const double ok = r.success_percent();
    std::snprintf(line, sizeof line,
                  "  %s / %s: success %.2f %% (target >= %.1f %%: %s); duplicated effects %llu (target 0: %s)",
                  to_string(c.transport), to_string(c.mode), ok, success_target_percent,
                  ok >= success_target_percent ? "met" : "not met",
                  static_cast<unsigned long long>(r.effects.duplicated_effects),
                  r.effects.duplicated_effects == 0 ? "met" : "not met");
    out << line;
    if (r.unfinished > 0) out << "; " << r.unfinished << " request(s) never completed";
    out << "\n    server: " << r.effects.requests << " attempts, " << r.effects.faults_503 << " got 503, "
        << r.effects.dropped << " dropped (" << r.effects.dropped_after_effect << " after the order), "
        << r.effects.slowed << " slow; " << r.effects.repeated_keys << " carried a known key";
    // Attempts the server saw beyond those the client's interceptors made:
    // requests a transport sent again on its own (a reused connection that
    // closed unanswered looks like one the server had closed while idle).
    const auto client_attempts = static_cast<std::uint64_t>(r.requests) + r.retries;
    if (r.effects.requests > client_attempts) {
        out << "\n    sent again by the transport, unseen by the interceptors: " << r.effects.requests - client_attempts;
    }
    // Orders that exist although their client was told the call failed.
    const auto applied_once = r.effects.orders_applied - r.effects.duplicated_effects;
    if (applied_once > static_cast<std::uint64_t>(r.posts_ok)) {
        out << "\n    orders applied whose client saw a failure (outcome unknown to it): "
            << applied_once - static_cast<std::uint64_t>(r.posts_ok);
    }
    if (!r.failures.empty()) {
        out << "\n    failed:";
        for (const auto& [why, n] : r.failures) out << " " << why << " x" << n << ";";
    }
    out << "\n";
}

}  // namespace tether::bench
