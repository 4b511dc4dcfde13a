#include <tether/http/metrics.hpp>

namespace tether::http {

std::uint64_t route_stats::error_count() const noexcept {
    std::uint64_t n = 0;
    for (const auto& [kind, times] : errors) n += times;
    return n;
}

double route_stats::success_rate() const noexcept {
    const auto completed = successes + error_count();
    return completed == 0 ? 0.0 : static_cast<double>(successes) / static_cast<double>(completed);
}

double route_stats::error_rate() const noexcept {
    const auto completed = successes + error_count();
    return completed == 0 ? 0.0 : static_cast<double>(error_count()) / static_cast<double>(completed);
}

const route_stats* metrics_snapshot::find(std::string_view method, std::string_view route,
                                          std::string_view host) const& noexcept {
    for (const auto& r : routes) {
        if (r.method == method && r.route == route && (host.empty() || r.host == host)) return &r;
    }
    return nullptr;
}

}  // namespace tether::http
