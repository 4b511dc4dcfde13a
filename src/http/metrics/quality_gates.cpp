#include <tether/http/metrics.hpp>

#include <cstdio>
#include <string>

namespace tether::http {

namespace {

// "742", "12.5", "0.25": enough digits to compare with a limit by eye.
std::string decimal(double v) {
    char text[64];
    std::snprintf(text, sizeof text, "%.2f", v);
    std::string out(text);
    out.erase(out.find_last_not_of('0') + 1);
    if (out.ends_with('.')) out.pop_back();
    return out;
}

double ms(std::chrono::microseconds us) { return static_cast<double>(us.count()) / 1000.0; }

std::string calls(std::uint64_t n) { return std::to_string(n) + (n == 1 ? " call" : " calls"); }

gate_failure failure(const route_stats& r, std::string gate, double measured, double limit, std::string what) {
    gate_failure f;
    f.gate = std::move(gate);
    f.host = r.host;
    f.method = r.method;
    f.route = r.route;
    f.measured = measured;
    f.limit = limit;
    f.message = r.method + " " + r.host + " " + r.route + ": " + what;
    return f;
}

void check_latency(const route_stats& r, std::string gate, std::chrono::microseconds measured,
                   std::chrono::milliseconds limit, std::uint64_t completed, gate_report& report) {
    if (measured <= limit) return;
    report.failures.push_back(failure(r, gate, ms(measured), static_cast<double>(limit.count()),
                                      gate + " latency " + decimal(ms(measured)) + " ms exceeds the " +
                                          std::to_string(limit.count()) + " ms limit (" + calls(completed) + ")"));
}

void check_errors(const route_stats& r, double limit, std::uint64_t completed, gate_report& report) {
    const double rate = r.error_rate();
    if (rate <= limit) return;
    std::string kinds;
    for (const auto& [kind, n] : r.errors) {
        if (!kinds.empty()) kinds += ", ";
        kinds += std::to_string(n) + " " + kind;
    }
    report.failures.push_back(failure(r, "error_rate", rate, limit,
                                      "error rate " + decimal(rate * 100) + " % (" + std::to_string(r.error_count()) +
                                          " of " + calls(completed) + ": " + kinds + ") exceeds the " +
                                          decimal(limit * 100) + " % limit"));
}

}  // namespace

gate_report check(const metrics_snapshot& snapshot, const quality_gates& gates) {
    gate_report report;
    for (const auto& r : snapshot.routes) {
        const auto completed = r.successes + r.error_count();
        if (completed < gates.min_requests || completed == 0) {
            ++report.routes_skipped;
            continue;
        }
        ++report.routes_checked;
        check_latency(r, "p95", r.p95(), gates.max_p95, completed, report);
        if (gates.max_p99) check_latency(r, "p99", r.p99(), *gates.max_p99, completed, report);
        check_errors(r, gates.max_error_rate, completed, report);
    }
    return report;
}

std::string gate_report::to_string() const {
    if (failures.empty()) {
        std::string out = routes_checked == 1 ? std::string("the 1 route judged passes the quality gates")
                                              : "all " + std::to_string(routes_checked) + " routes judged pass the quality gates";
        if (routes_skipped > 0) out += " (" + std::to_string(routes_skipped) + " with too few calls not judged)";
        return out;
    }
    std::string out;
    for (const auto& f : failures) {
        if (!out.empty()) out += '\n';
        out += f.message;
    }
    return out;
}

}  // namespace tether::http
