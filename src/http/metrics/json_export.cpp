#include "histogram_access.hpp"

#include <tether/http/metrics.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace tether::http {

namespace json = boost::json;

namespace {

// The layout of what to_json writes; bump it when a field changes meaning.
constexpr std::int64_t format_version = 1;

json::object latency_json(const latency_histogram& h) {
    json::array buckets;
    const auto counts = h.bucket_counts();
    const auto bounds = latency_histogram::bounds();
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (counts[i] != 0) buckets.push_back(json::object{{"le", bounds[i].count()}, {"count", counts[i]}});
    }
    return json::object{
        {"count", h.count()},
        {"sum", h.sum().count()},
        {"min", h.min().count()},
        {"max", h.max().count()},
        {"mean", h.mean().count()},
        {"p50", h.quantile(0.50).count()},
        {"p95", h.quantile(0.95).count()},
        {"p99", h.quantile(0.99).count()},
        {"buckets", std::move(buckets)},
        {"overflow", counts[latency_histogram::bounded_buckets]},
    };
}

json::object route_json(const route_stats& r) {
    json::object errors;
    for (const auto& [kind, n] : r.errors) errors[kind] = n;
    return json::object{
        {"host", r.host},
        {"method", r.method},
        {"route", r.route},
        {"count", r.count},
        {"successes", r.successes},
        {"client_errors", r.client_errors},
        {"cancelled", r.cancelled},
        {"errors", std::move(errors)},
        {"success_rate", r.success_rate()},
        {"error_rate", r.error_rate()},
        {"retries", r.retries},
        {"cache", json::object{{"hits", r.cache_hits},
                               {"misses", r.cache_misses},
                               {"revalidations", r.cache_revalidations},
                               {"fallbacks", r.cache_fallbacks}}},
        {"latency_us", latency_json(r.latency)},
    };
}

// Reads fields and keeps the first problem met, with where it was.
class reader {
public:
    [[nodiscard]] bool ok() const noexcept { return problem_.empty(); }
    [[nodiscard]] const std::string& problem() const noexcept { return problem_; }

    void fail(const std::string& what) {
        if (problem_.empty()) problem_ = what;
    }

    const json::object* object(const json::value& v, const std::string& where) {
        if (const auto* o = v.if_object()) return o;
        fail(where + " is not an object");
        return nullptr;
    }

    const json::value* field(const json::object& o, std::string_view name, const std::string& where) {
        if (const auto* v = o.if_contains(name)) return v;
        fail(where + " has no \"" + std::string(name) + "\"");
        return nullptr;
    }

    template <class T>
    T number(const json::value& v, const std::string& where) {
        json::error_code ec;
        const auto n = v.to_number<T>(ec);
        if (ec) fail(where + " is not a suitable number");
        return ec ? T{} : n;
    }

    template <class T>
    T number(const json::object& o, std::string_view name, const std::string& where) {
        const auto* v = field(o, name, where);
        return v ? number<T>(*v, where + "." + std::string(name)) : T{};
    }

    std::string text(const json::object& o, std::string_view name, const std::string& where) {
        const auto* v = field(o, name, where);
        if (v && v->is_string()) return std::string(v->get_string());
        if (v) fail(where + "." + std::string(name) + " is not a string");
        return {};
    }

private:
    std::string problem_;
};

latency_histogram read_latency(reader& in, const json::object& o, const std::string& where) {
    std::array<std::uint64_t, latency_histogram::bucket_count> counts{};
    const auto bounds = latency_histogram::bounds();
    const auto* buckets = in.field(o, "buckets", where);
    if (buckets && !buckets->is_array()) in.fail(where + ".buckets is not an array");
    if (buckets && buckets->is_array()) {
        for (const auto& b : buckets->get_array()) {
            const auto* bucket = in.object(b, where + ".buckets[]");
            if (!bucket) break;
            const auto le = std::chrono::microseconds(in.number<std::int64_t>(*bucket, "le", where + ".buckets[]"));
            const auto it = std::find(bounds.begin(), bounds.end(), le);
            if (it == bounds.end()) {
                in.fail(where + ".buckets[] has le " + std::to_string(le.count()) + ", which is not a bucket bound");
                break;
            }
            counts[static_cast<std::size_t>(it - bounds.begin())] = in.number<std::uint64_t>(*bucket, "count", where);
        }
    }
    counts.back() = in.number<std::uint64_t>(o, "overflow", where);
    auto h = detail::histogram_access::make(counts, std::chrono::microseconds(in.number<std::int64_t>(o, "sum", where)),
                                            std::chrono::microseconds(in.number<std::int64_t>(o, "min", where)),
                                            std::chrono::microseconds(in.number<std::int64_t>(o, "max", where)));
    const auto count = in.number<std::uint64_t>(o, "count", where);
    if (in.ok() && count != h.count()) {
        in.fail(where + ".count is " + std::to_string(count) + " but the buckets hold " + std::to_string(h.count()));
    }
    return h;
}

route_stats read_route(reader& in, const json::object& o, const std::string& where) {
    route_stats r;
    r.host = in.text(o, "host", where);
    r.method = in.text(o, "method", where);
    r.route = in.text(o, "route", where);
    r.count = in.number<std::uint64_t>(o, "count", where);
    r.successes = in.number<std::uint64_t>(o, "successes", where);
    r.client_errors = in.number<std::uint64_t>(o, "client_errors", where);
    r.cancelled = in.number<std::uint64_t>(o, "cancelled", where);
    r.retries = in.number<std::uint64_t>(o, "retries", where);
    if (const auto* errors = in.field(o, "errors", where); errors && in.object(*errors, where + ".errors")) {
        for (const auto& kv : errors->get_object()) {
            const auto kind = std::string(kv.key());
            r.errors[kind] = in.number<std::uint64_t>(kv.value(), where + ".errors." + kind);
        }
    }
    if (const auto* cache = in.field(o, "cache", where); cache && in.object(*cache, where + ".cache")) {
        const auto& c = cache->get_object();
        r.cache_hits = in.number<std::uint64_t>(c, "hits", where + ".cache");
        r.cache_misses = in.number<std::uint64_t>(c, "misses", where + ".cache");
        r.cache_revalidations = in.number<std::uint64_t>(c, "revalidations", where + ".cache");
        r.cache_fallbacks = in.number<std::uint64_t>(c, "fallbacks", where + ".cache");
    }
    if (const auto* latency = in.field(o, "latency_us", where); latency && in.object(*latency, where + ".latency_us")) {
        r.latency = read_latency(in, latency->get_object(), where + ".latency_us");
    }
    return r;
}

circuit_stats read_circuit(reader& in, const json::object& o, const std::string& where) {
    circuit_stats c;
    c.key = in.text(o, "key", where);
    const auto state = in.text(o, "state", where);
    bool known = false;
    for (auto s : {circuit_state::closed, circuit_state::open, circuit_state::half_open}) {
        if (state == to_string(s)) {
            c.state = s;
            known = true;
        }
    }
    if (!known) in.fail(where + ".state '" + state + "' is not closed, open or half_open");
    c.times_opened = in.number<std::uint64_t>(o, "times_opened", where);
    return c;
}

template <class T, class Read>
std::vector<T> read_list(reader& in, const json::object& top, std::string_view name, Read read) {
    std::vector<T> out;
    const auto* list = in.field(top, name, "the snapshot");
    if (list && !list->is_array()) in.fail("the snapshot's \"" + std::string(name) + "\" is not an array");
    if (!list || !list->is_array()) return out;
    for (std::size_t i = 0; i < list->get_array().size() && in.ok(); ++i) {
        const auto where = std::string(name) + "[" + std::to_string(i) + "]";
        if (const auto* o = in.object(list->get_array()[i], where)) out.push_back(read(in, *o, where));
    }
    return out;
}

}  // namespace

std::string to_json(const metrics_snapshot& snapshot) {
    json::array routes;
    for (const auto& r : snapshot.routes) routes.push_back(route_json(r));
    json::array circuits;
    for (const auto& c : snapshot.circuits) {
        circuits.push_back(json::object{{"key", c.key}, {"state", to_string(c.state)}, {"times_opened", c.times_opened}});
    }
    const json::value doc =
        json::object{{"version", format_version}, {"routes", std::move(routes)}, {"circuits", std::move(circuits)}};
    return json::serialize(doc);
}

result<metrics_snapshot> metrics_snapshot_from_json(std::string_view text) {
    json::error_code ec;
    const auto doc = json::parse(text, ec);
    if (ec) {
        return error(errc::decode_failed, "the metrics snapshot is not valid JSON (" + ec.message() +
                                              "); pass what http::to_json(snapshot) wrote");
    }
    reader in;
    metrics_snapshot out;
    if (const auto* top = in.object(doc, "the snapshot")) {
        const auto version = in.number<std::int64_t>(*top, "version", "the snapshot");
        if (in.ok() && version != format_version) {
            in.fail("the snapshot has format version " + std::to_string(version) + ", this library reads version " +
                    std::to_string(format_version));
        }
        if (in.ok()) out.routes = read_list<route_stats>(in, *top, "routes", read_route);
        if (in.ok()) out.circuits = read_list<circuit_stats>(in, *top, "circuits", read_circuit);
    }
    if (!in.ok()) {
        return error(errc::decode_failed,
                     "the metrics snapshot cannot be read: " + in.problem() + "; pass what http::to_json(snapshot) wrote");
    }
    return out;
}

}  // namespace tether::http
