#include "load_result.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>

namespace tether::bench {

double load_result::requests_per_second() const noexcept {
    return seconds > 0 ? static_cast<double>(requests) / seconds : 0.0;
}

double load_result::cpu_us_per_request() const noexcept {
    return requests > 0 ? cpu_seconds * 1e6 / static_cast<double>(requests) : 0.0;
}

double percentile_us(const std::vector<std::int64_t>& sorted_ns, double p) noexcept {
    if (sorted_ns.empty()) return 0.0;
    const auto n = static_cast<double>(sorted_ns.size());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
    if (rank < 1) rank = 1;
    if (rank > sorted_ns.size()) rank = sorted_ns.size();
    return static_cast<double>(sorted_ns[rank - 1]) / 1000.0;
}

void print_tsv_header(std::ostream& out) {
    out << "#client\tc\treq_s\tp50_us\tp99_us\tcpu_us_req\trequests\tfailures\tseconds\tnote\n";
}

void print_tsv_row(std::ostream& out, const load_result& r) {
    const char* note = r.stuck ? "stuck" : (r.failures > 0 ? "failures" : "ok");
    char line[256];
    std::snprintf(line, sizeof line, "%s\t%d\t%.0f\t%.1f\t%.1f\t%.2f\t%llu\t%llu\t%.3f\t%s\n", r.client.c_str(),
                  r.concurrency, r.requests_per_second(), r.p50_us, r.p99_us, r.cpu_us_per_request(),
                  static_cast<unsigned long long>(r.requests), static_cast<unsigned long long>(r.failures), r.seconds,
                  note);
    out << line << std::flush;
}

}  // namespace tether::bench
