#include <tether/http/metrics.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace tether::http {

namespace {

using route_key = std::tuple<std::string, std::string, std::string>;  // host, method, route
using route_view = std::tuple<std::string_view, std::string_view, std::string_view>;

// Orders keys and views alike, so that a lookup needs no strings.
struct route_order {
    using is_transparent = void;
    static route_view view(const route_key& k) noexcept { return {std::get<0>(k), std::get<1>(k), std::get<2>(k)}; }
    static const route_view& view(const route_view& v) noexcept { return v; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const noexcept {
        return view(a) < view(b);
    }
};

// The one place that says what a call's outcome counts as.
void count_outcome(route_stats& s, const call_observation& call) {
    ++s.count;
    s.retries += static_cast<std::uint64_t>(std::max(0, call.retries));
    if (call.error && *call.error == errc::cancelled) {
        // The caller gave up: nothing is known about the service.
        ++s.cancelled;
        return;
    }
    s.latency.observe(call.latency);
    if (call.error) {
        const auto kind = to_string(*call.error);
        ++s.errors[std::string(kind)];
        // A cache_only call that found nothing (errc::cache_miss) is a miss
        // too; by name, so that this works whatever the errc's position.
        if (kind == "cache_miss") ++s.cache_misses;
        return;
    }
    if (call.status >= 500) {
        ++s.errors["http_5xx"];
    } else {
        ++s.successes;
        if (call.status >= 400) ++s.client_errors;
    }
    if (!call.cache) return;
    switch (*call.cache) {
        case cache_source::cache: ++s.cache_hits; break;
        case cache_source::network: ++s.cache_misses; break;
        case cache_source::revalidated: ++s.cache_revalidations; break;
        case cache_source::fallback: ++s.cache_fallbacks; break;
    }
}

}  // namespace

struct metrics_registry::impl {
    explicit impl(std::size_t limit) : max_routes(limit) {}

    route_stats& series_for(const call_observation& call) {
        if (auto it = routes.find(route_view(call.host, call.method, call.route)); it != routes.end()) {
            return it->second;
        }
        if (routes.size() < max_routes) return make_series(call.host, call.method, call.route);
        constexpr std::string_view other = "{other}";
        if (auto it = routes.find(route_view(other, call.method, other)); it != routes.end()) return it->second;
        return make_series(std::string(other), call.method, std::string(other));
    }

    route_stats& make_series(const std::string& host, const std::string& method, const std::string& route) {
        auto& s = routes[route_key(host, method, route)];
        s.host = host;
        s.method = method;
        s.route = route;
        return s;
    }

    const std::size_t max_routes;
    mutable std::mutex mutex;
    std::map<route_key, route_stats, route_order> routes;
    std::map<std::string, circuit_stats, std::less<>> circuits;
};

metrics_registry::metrics_registry(std::size_t max_routes) : impl_(std::make_shared<impl>(max_routes)) {}

void metrics_registry::record(const call_observation& call) {
    std::lock_guard lock(impl_->mutex);
    count_outcome(impl_->series_for(call), call);
}

std::function<void(const std::string&, circuit_state, circuit_state)> metrics_registry::circuit_observer() {
    return [data = impl_](const std::string& key, circuit_state, circuit_state to) {
        std::lock_guard lock(data->mutex);
        auto& c = data->circuits[key];
        c.key = key;
        c.state = to;
        if (to == circuit_state::open) ++c.times_opened;
    };
}

metrics_snapshot metrics_registry::snapshot() const {
    metrics_snapshot out;
    std::lock_guard lock(impl_->mutex);
    out.routes.reserve(impl_->routes.size());
    for (const auto& [key, stats] : impl_->routes) out.routes.push_back(stats);
    out.circuits.reserve(impl_->circuits.size());
    for (const auto& [key, stats] : impl_->circuits) out.circuits.push_back(stats);
    return out;
}

void metrics_registry::reset() {
    std::lock_guard lock(impl_->mutex);
    impl_->routes.clear();
    impl_->circuits.clear();
}

}  // namespace tether::http
