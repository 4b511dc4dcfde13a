// The Prometheus text exposition (format 0.0.4), read back line by line
// with a parser written here: the grammar of every line, the grouping of
// families, cumulative buckets ending in +Inf, and escaped label values.

#include <tether/http/metrics.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace {

using namespace std::chrono_literals;
using namespace tether;

struct sample {
    std::string name;
    std::map<std::string, std::string> labels;  // unescaped
    double value = 0;
};

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
bool name_char(char c) { return name_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

// metric_name [ "{" label_name "=" '"' label_value '"' { "," ... } [ "," ] "}" ] value
std::optional<sample> parse_sample(const std::string& line) {
    sample s;
    std::size_t i = 0;
    if (line.empty() || !name_start(line[0])) return std::nullopt;
    while (i < line.size() && name_char(line[i])) s.name += line[i++];
    if (i < line.size() && line[i] == '{') {
        ++i;
        while (i < line.size() && line[i] != '}') {
            std::string label;
            if (!name_start(line[i]) || line[i] == ':') return std::nullopt;
            while (i < line.size() && name_char(line[i]) && line[i] != ':') label += line[i++];
            if (line.compare(i, 2, "=\"") != 0) return std::nullopt;
            i += 2;
            std::string value;
            while (i < line.size() && line[i] != '"') {
                if (line[i] == '\\') {
                    if (++i >= line.size()) return std::nullopt;
                    if (line[i] == 'n') {
                        value += '\n';
                    } else if (line[i] == '\\' || line[i] == '"') {
                        value += line[i];
                    } else {
                        return std::nullopt;  // no other escapes exist
                    }
                    ++i;
                } else if (line[i] == '\n') {
                    return std::nullopt;
                } else {
                    value += line[i++];
                }
            }
            if (i >= line.size()) return std::nullopt;
            ++i;  // closing quote
            if (!s.labels.emplace(label, value).second) return std::nullopt;  // duplicate label
            if (i < line.size() && line[i] == ',') ++i;
        }
        if (i >= line.size()) return std::nullopt;
        ++i;  // '}'
    }
    if (i >= line.size() || line[i] != ' ') return std::nullopt;
    const auto text = line.substr(i + 1);
    if (text == "+Inf") {
        s.value = INFINITY;
        return s;
    }
    try {
        std::size_t used = 0;
        s.value = std::stod(text, &used);
        if (used != text.size()) return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return s;
}

// The exposition as parsed: samples, and each family's declared type.
struct exposition {
    std::vector<sample> samples;
    std::map<std::string, std::string> types;
};

// The family a sample belongs to: histograms add _bucket, _sum and _count.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string s(suffix);
        if (name.size() > s.size() && name.ends_with(s)) {
            const auto base = name.substr(0, name.size() - s.size());
            if (auto it = types.find(base); it != types.end() && it->second == "histogram") return base;
        }
    }
    return name;
}

exposition parse(const std::string& text) {
    exposition out;
    EXPECT_TRUE(text.empty() || text.ends_with('\n')) << "the last line ends with a line feed";
    std::istringstream in(text);
    std::string line;
    std::set<std::string> finished;  // families whose samples are over
    std::string current;
    std::set<std::string> helped;
    while (std::getline(in, line)) {
        if (line.starts_with("# HELP ")) {
            const auto name = line.substr(7, line.find(' ', 7) - 7);
            EXPECT_TRUE(helped.insert(name).second) << "one HELP per family: " << line;
            continue;
        }
        if (line.starts_with("# TYPE ")) {
            std::istringstream words(line.substr(7));
            std::string name, type;
            words >> name >> type;
            EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
            EXPECT_TRUE(out.types.emplace(name, type).second) << "one TYPE per family: " << line;
            EXPECT_TRUE(helped.count(name)) << "HELP before TYPE: " << line;
            continue;
        }
        auto s = parse_sample(line);
        EXPECT_TRUE(s.has_value()) << "not a sample line: '" << line << "'";
        if (!s) continue;
        const auto family = family_of(s->name, out.types);
        EXPECT_TRUE(out.types.count(family)) << "a sample before its TYPE line: " << line;
        if (family != current) {
            EXPECT_FALSE(finished.count(family)) << "the samples of " << family << " are not together";
            if (!current.empty()) finished.insert(current);
            current = family;
        }
        out.samples.push_back(std::move(*s));
    }
    return out;
}

std::vector<sample> samples_named(const exposition& e, const std::string& name) {
    std::vector<sample> out;
    for (const auto& s : e.samples) {
        if (s.name == name) out.push_back(s);
    }
    return out;
}

http::call_observation call(std::string route, int status, std::chrono::microseconds latency) {
    http::call_observation c;
    c.host = "127.0.0.1:8080";
    c.method = "GET";
    c.route = std::move(route);
    c.status = status;
    c.latency = latency;
    return c;
}

TEST(metrics_prometheus, every_line_is_valid_and_families_are_declared_once_and_together) {
    http::metrics_registry registry;
    registry.record(call("/users/{id}", 200, 3ms));
    registry.record(call("/health", 503, 40ms));
    auto refused = call("/health", 0, 1ms);
    refused.error = errc::connection_refused;
    registry.record(refused);
    registry.circuit_observer()("http://127.0.0.1:8080", http::circuit_state::closed, http::circuit_state::open);
    const auto e = parse(http::to_prometheus(registry.snapshot()));
    EXPECT_EQ(e.types.at("tether_http_requests_total"), "counter");
    EXPECT_EQ(e.types.at("tether_http_request_errors_total"), "counter");
    EXPECT_EQ(e.types.at("tether_http_request_duration_seconds"), "histogram");
    EXPECT_EQ(e.types.at("tether_http_circuit_state"), "gauge");
    EXPECT_FALSE(e.samples.empty());
}

TEST(metrics_prometheus, counters_carry_host_method_route_and_error_kind) {
    http::metrics_registry registry;
    for (int i = 0; i < 3; ++i) registry.record(call("/users/{id}", 200, 3ms));
    registry.record(call("/users/{id}", 404, 3ms));
    registry.record(call("/users/{id}", 502, 3ms));
    auto refused = call("/users/{id}", 0, 3ms);
    refused.error = errc::connection_refused;
    refused.retries = 2;
    registry.record(refused);
    const auto e = parse(http::to_prometheus(registry.snapshot()));

    const auto requests = samples_named(e, "tether_http_requests_total");
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].labels, (std::map<std::string, std::string>{
                                      {"host", "127.0.0.1:8080"}, {"method", "GET"}, {"route", "/users/{id}"}}));
    EXPECT_EQ(requests[0].value, 6);
    std::map<std::string, double> by_kind;
    for (const auto& s : samples_named(e, "tether_http_request_errors_total")) by_kind[s.labels.at("kind")] = s.value;
    EXPECT_EQ(by_kind, (std::map<std::string, double>{{"connection_refused", 1}, {"http_5xx", 1}}));
    EXPECT_EQ(samples_named(e, "tether_http_client_errors_total").at(0).value, 1);
    EXPECT_EQ(samples_named(e, "tether_http_retries_total").at(0).value, 2);
    EXPECT_TRUE(samples_named(e, "tether_http_cache_total").empty()) << "no cache in front: no cache series";
}

TEST(metrics_prometheus, histogram_buckets_are_cumulative_and_end_in_inf_equal_to_the_count) {
    http::metrics_registry registry;
    const std::vector<std::chrono::microseconds> latencies{50us, 100us, 101us, 2ms, 2ms, 450ms, 500ms, 3s, 95s};
    for (auto l : latencies) registry.record(call("/x", 200, l));
    auto cancelled = call("/x", 0, 7s);
    cancelled.error = errc::cancelled;
    registry.record(cancelled);
    const auto e = parse(http::to_prometheus(registry.snapshot()));

    const auto buckets = samples_named(e, "tether_http_request_duration_seconds_bucket");
    ASSERT_GE(buckets.size(), 2u);
    double previous_le = -1;
    double previous_count = 0;
    for (const auto& b : buckets) {
        const auto& le_text = b.labels.at("le");
        const double le = le_text == "+Inf" ? INFINITY : std::stod(le_text);
        EXPECT_GT(le, previous_le) << "le values ascend";
        EXPECT_GE(b.value, previous_count) << "buckets are cumulative, at le=" << le_text;
        // Independently: how many of the latencies are <= le.
        const auto expected = std::count_if(latencies.begin(), latencies.end(), [&](auto l) {
            return static_cast<double>(l.count()) <= le * 1e6 + 1e-6;
        });
        EXPECT_EQ(b.value, static_cast<double>(expected)) << "le=" << le_text;
        previous_le = le;
        previous_count = b.value;
    }
    EXPECT_EQ(buckets.back().labels.at("le"), "+Inf");
    const auto count = samples_named(e, "tether_http_request_duration_seconds_count");
    ASSERT_EQ(count.size(), 1u);
    EXPECT_EQ(count[0].value, static_cast<double>(latencies.size())) << "the cancelled call has no latency";
    EXPECT_EQ(buckets.back().value, count[0].value);
    const auto sum = samples_named(e, "tether_http_request_duration_seconds_sum");
    EXPECT_NEAR(sum.at(0).value, 0.00005 + 0.0001 + 0.000101 + 0.002 + 0.002 + 0.45 + 0.5 + 3 + 95, 1e-9);
    EXPECT_NE(http::to_prometheus(registry.snapshot()).find("le=\"0.5\""), std::string::npos)
        << "bounds are written as plain decimal seconds";
}

TEST(metrics_prometheus, label_values_are_escaped_and_read_back_intact) {
    http::metrics_registry registry;
    const std::string nasty = "/a\"quoted\"/back\\slash/new\nline/{id}";
    registry.record(call(nasty, 200, 1ms));
    const auto text = http::to_prometheus(registry.snapshot());
    const auto e = parse(text);
    const auto requests = samples_named(e, "tether_http_requests_total");
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].labels.at("route"), nasty);
    EXPECT_NE(text.find(R"(route="/a\"quoted\"/back\\slash/new\nline/{id}")"), std::string::npos) << text;
}

TEST(metrics_prometheus, circuits_report_their_state_as_one_of_three_and_their_openings) {
    http::metrics_registry registry;
    auto observe = registry.circuit_observer();
    observe("http://a:80", http::circuit_state::closed, http::circuit_state::open);
    observe("http://a:80", http::circuit_state::open, http::circuit_state::half_open);
    const auto e = parse(http::to_prometheus(registry.snapshot()));
    std::map<std::string, double> states;
    for (const auto& s : samples_named(e, "tether_http_circuit_state")) {
        EXPECT_EQ(s.labels.at("key"), "http://a:80");
        states[s.labels.at("state")] = s.value;
    }
    EXPECT_EQ(states, (std::map<std::string, double>{{"closed", 0}, {"half_open", 1}, {"open", 0}}));
    EXPECT_EQ(samples_named(e, "tether_http_circuit_opened_total").at(0).value, 1);
}

TEST(metrics_prometheus, cache_results_are_one_series_each) {
    http::metrics_registry registry;
    auto hit = call("/feed", 200, 1ms);
    hit.cache = http::cache_source::cache;
    registry.record(hit);
    registry.record(hit);
    auto fallback = call("/feed", 200, 1ms);
    fallback.cache = http::cache_source::fallback;
    registry.record(fallback);
    const auto e = parse(http::to_prometheus(registry.snapshot()));
    std::map<std::string, double> results;
    for (const auto& s : samples_named(e, "tether_http_cache_total")) results[s.labels.at("result")] = s.value;
    EXPECT_EQ(results, (std::map<std::string, double>{{"fallback", 1}, {"hit", 2}, {"miss", 0}, {"revalidated", 0}}));
}

TEST(metrics_prometheus, an_empty_snapshot_is_empty_and_a_prefix_renames_every_metric) {
    EXPECT_EQ(http::to_prometheus({}), "");
    http::metrics_registry registry;
    registry.record(call("/", 200, 1ms));
    const auto e = parse(http::to_prometheus(registry.snapshot(), "myapp_backend"));
    for (const auto& s : e.samples) EXPECT_TRUE(s.name.starts_with("myapp_backend_")) << s.name;
    EXPECT_THROW((void)http::to_prometheus(registry.snapshot(), "my-app"), std::invalid_argument);
    EXPECT_THROW((void)http::to_prometheus(registry.snapshot(), "9lives"), std::invalid_argument);
}

}  // namespace
