#include <tether/http/metrics.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace tether::http {

namespace {

// Label values escape backslash, double quote and line feed (the text
// exposition format 0.0.4, "Comments, help text, and type information").
std::string escape_label(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

bool valid_metric_name(std::string_view name) noexcept {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
}

// Microseconds as decimal seconds, exactly: 125 -> "0.000125", 80000000 -> "80".
std::string seconds(std::chrono::microseconds us) {
    const auto n = us.count();
    const bool negative = n < 0;
    const auto magnitude = negative ? -n : n;
    std::string out = (negative ? "-" : "") + std::to_string(magnitude / 1'000'000);
    auto fraction = std::to_string(magnitude % 1'000'000);
    if (fraction == "0") return out;
    fraction.insert(0, 6 - fraction.size(), '0');
    fraction.erase(fraction.find_last_not_of('0') + 1);
    return out + "." + fraction;
}

std::string route_labels(const route_stats& r) {
    return "host=\"" + escape_label(r.host) + "\",method=\"" + escape_label(r.method) + "\",route=\"" +
           escape_label(r.route) + "\"";
}

// One metric family: its HELP and TYPE lines, then its samples.
class family {
public:
    family(std::string name, std::string_view type, std::string_view help)
        : name_(std::move(name)), head_("# HELP " + name_ + " " + std::string(help) + "\n# TYPE " + name_ + " " +
                                        std::string(type) + "\n") {}

    void sample(std::string_view suffix, const std::string& labels, const std::string& value) {
        body_ += name_;
        body_ += suffix;
        body_ += "{" + labels + "} " + value + "\n";
    }

    // Families without samples are left out.
    void write_to(std::string& out) const {
        if (body_.empty()) return;
        out += head_;
        out += body_;
    }

private:
    std::string name_;
    std::string head_;
    std::string body_;
};

void histogram_samples(family& f, const route_stats& r) {
    const auto labels = route_labels(r);
    const auto counts = r.latency.bucket_counts();
    const auto bounds = latency_histogram::bounds();
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        cumulative += counts[i];
        f.sample("_bucket", labels + ",le=\"" + seconds(bounds[i]) + "\"", std::to_string(cumulative));
    }
    f.sample("_bucket", labels + ",le=\"+Inf\"", std::to_string(r.latency.count()));
    f.sample("_sum", labels, seconds(r.latency.sum()));
    f.sample("_count", labels, std::to_string(r.latency.count()));
}

void circuit_samples(family& state, family& opened, const circuit_stats& c) {
    const auto key = "key=\"" + escape_label(c.key) + "\"";
    for (auto s : {circuit_state::closed, circuit_state::open, circuit_state::half_open}) {
        state.sample("", key + ",state=\"" + std::string(to_string(s)) + "\"", c.state == s ? "1" : "0");
    }
    opened.sample("", key, std::to_string(c.times_opened));
}

}  // namespace

std::string to_prometheus(const metrics_snapshot& snapshot, std::string_view prefix) {
    const std::string p(prefix);
    if (!valid_metric_name(p)) {
        throw std::invalid_argument("to_prometheus: the prefix '" + p +
                                    "' is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
    family requests(p + "_requests_total", "counter", "Calls made, cancelled ones included.");
    family errors(p + "_request_errors_total", "counter",
                  "Calls that failed, by kind: the error code, or http_5xx for a 5xx response.");
    family client_errors(p + "_client_errors_total", "counter", "Calls answered with a 4xx status.");
    family cancelled(p + "_cancelled_total", "counter", "Calls the caller cancelled.");
    family retries(p + "_retries_total", "counter", "Attempts made after the first.");
    family cache(p + "_cache_total", "counter", "Responses by where the cache took them from.");
    family duration(p + "_request_duration_seconds", "histogram", "How long calls took, cancelled ones excepted.");
    for (const auto& r : snapshot.routes) {
        const auto labels = route_labels(r);
        requests.sample("", labels, std::to_string(r.count));
        for (const auto& [kind, n] : r.errors) {
            errors.sample("", labels + ",kind=\"" + escape_label(kind) + "\"", std::to_string(n));
        }
        client_errors.sample("", labels, std::to_string(r.client_errors));
        cancelled.sample("", labels, std::to_string(r.cancelled));
        retries.sample("", labels, std::to_string(r.retries));
        if (r.cache_hits + r.cache_misses + r.cache_revalidations + r.cache_fallbacks > 0) {
            cache.sample("", labels + ",result=\"hit\"", std::to_string(r.cache_hits));
            cache.sample("", labels + ",result=\"miss\"", std::to_string(r.cache_misses));
            cache.sample("", labels + ",result=\"revalidated\"", std::to_string(r.cache_revalidations));
            cache.sample("", labels + ",result=\"fallback\"", std::to_string(r.cache_fallbacks));
        }
        histogram_samples(duration, r);
    }
    family circuit(p + "_circuit_state", "gauge", "1 for the state each circuit breaker circuit is in.");
    family opened(p + "_circuit_opened_total", "counter", "Times each circuit opened.");
    for (const auto& c : snapshot.circuits) circuit_samples(circuit, opened, c);

    std::string out;
    for (const auto* f : {&requests, &errors, &client_errors, &cancelled, &retries, &cache, &duration, &circuit, &opened}) {
        f->write_to(out);
    }
    return out;
}

}  // namespace tether::http
