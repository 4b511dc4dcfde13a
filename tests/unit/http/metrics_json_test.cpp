// The JSON export: what it says, read with Boost.JSON here, and reading it
// back gives the same snapshot.

#include <tether/http/metrics.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using namespace tether;
namespace json = boost::json;

http::call_observation call(std::string route, int status, std::chrono::microseconds latency) {
    http::call_observation c;
    c.host = "127.0.0.1:8080";
    c.method = "GET";
    c.route = std::move(route);
    c.status = status;
    c.latency = latency;
    return c;
}

http::metrics_snapshot sample_snapshot() {
    http::metrics_registry registry;
    registry.record(call("/users/{id}", 200, 2ms));
    registry.record(call("/users/{id}", 200, 4ms));
    registry.record(call("/users/{id}", 404, 6ms));
    auto reset = call("/users/{id}", 0, 100s);  // past the last bound: the overflow bucket
    reset.error = errc::connection_reset;
    reset.retries = 3;
    registry.record(reset);
    auto hit = call("/feed", 200, 150us);
    hit.cache = http::cache_source::cache;
    registry.record(hit);
    auto cancelled = call("/feed", 0, 1s);
    cancelled.error = errc::cancelled;
    registry.record(cancelled);
    auto observe = registry.circuit_observer();
    observe("http://127.0.0.1:8080", http::circuit_state::closed, http::circuit_state::open);
    return registry.snapshot();
}

TEST(metrics_json, says_what_happened_per_route_in_plain_fields) {
    const auto doc = json::parse(http::to_json(sample_snapshot()));
    EXPECT_EQ(doc.at("version"), 1);
    const auto& routes = doc.at("routes").as_array();
    ASSERT_EQ(routes.size(), 2u);
    const auto& users = routes[1].as_object();
    EXPECT_EQ(users.at("route"), "/users/{id}");
    EXPECT_EQ(users.at("host"), "127.0.0.1:8080");
    EXPECT_EQ(users.at("method"), "GET");
    EXPECT_EQ(users.at("count"), 4);
    EXPECT_EQ(users.at("successes"), 3);
    EXPECT_EQ(users.at("client_errors"), 1);
    EXPECT_EQ(users.at("errors"), json::parse(R"({"connection_reset":1})"));
    EXPECT_EQ(users.at("retries"), 3);
    EXPECT_DOUBLE_EQ(users.at("error_rate").as_double(), 0.25);
    EXPECT_DOUBLE_EQ(users.at("success_rate").as_double(), 0.75);
    const auto& latency = users.at("latency_us").as_object();
    EXPECT_EQ(latency.at("count"), 4);
    EXPECT_EQ(latency.at("sum"), 2000 + 4000 + 6000 + 100'000'000);
    EXPECT_EQ(latency.at("min"), 2000);
    EXPECT_EQ(latency.at("max"), 100'000'000);
    EXPECT_EQ(latency.at("overflow"), 1);
    EXPECT_EQ(latency.at("buckets"), json::parse(R"([{"le":2000,"count":1},{"le":4000,"count":1},{"le":6300,"count":1}])"));
    EXPECT_TRUE(latency.contains("p50") && latency.contains("p95") && latency.contains("p99"));

    const auto& feed = routes[0].as_object();
    EXPECT_EQ(feed.at("cancelled"), 1);
    EXPECT_EQ(feed.at("cache"), json::parse(R"({"hits":1,"misses":0,"revalidations":0,"fallbacks":0})"));
    EXPECT_EQ(doc.at("circuits"), json::parse(R"([{"key":"http://127.0.0.1:8080","state":"open","times_opened":1}])"));
}

TEST(metrics_json, reading_it_back_gives_the_same_snapshot) {
    const auto original = sample_snapshot();
    auto read = http::metrics_snapshot_from_json(http::to_json(original));
    ASSERT_TRUE(read) << read.error().to_string();
    EXPECT_EQ(*read, original);
    EXPECT_EQ(read->find("GET", "/users/{id}")->p95(), original.find("GET", "/users/{id}")->p95());
    auto empty = http::metrics_snapshot_from_json(http::to_json({}));
    ASSERT_TRUE(empty);
    EXPECT_EQ(*empty, http::metrics_snapshot{});
}

TEST(metrics_json, unreadable_input_is_a_decode_error_that_says_what_is_wrong) {
    auto doc = json::parse(http::to_json(sample_snapshot()));
    auto with = [&](auto change) {
        auto copy = doc;
        change(copy);
        return http::metrics_snapshot_from_json(json::serialize(copy));
    };
    struct bad_case {
        const char* name;
        result<http::metrics_snapshot> read;
        const char* says;
    };
    const bad_case cases[] = {
        {"not json", http::metrics_snapshot_from_json("{routes:"), "not valid JSON"},
        {"not an object", http::metrics_snapshot_from_json("[1]"), "is not an object"},
        {"another version", with([](json::value& v) { v.as_object()["version"] = 2; }), "format version 2"},
        {"a missing field", with([](json::value& v) { v.at("routes").as_array()[0].as_object().erase("count"); }),
         "routes[0] has no \"count\""},
        {"a bound that is not one",
         with([](json::value& v) {
             v.at("routes").as_array()[1].at("latency_us").at("buckets").as_array()[0].as_object()["le"] = 2001;
         }),
         "le 2001"},
        {"buckets that disagree with the count",
         with([](json::value& v) { v.at("routes").as_array()[1].at("latency_us").as_object()["count"] = 9; }),
         "count is 9"},
        {"an unknown circuit state", with([](json::value& v) { v.at("circuits").as_array()[0].as_object()["state"] = "ajar"; }),
         "'ajar'"},
        {"a negative count", with([](json::value& v) { v.at("routes").as_array()[0].as_object()["count"] = -1; }),
         "routes[0].count"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ASSERT_FALSE(c.read);
        EXPECT_EQ(c.read.error().code(), errc::decode_failed);
        EXPECT_NE(c.read.error().message().find(c.says), std::string::npos) << c.read.error().message();
    }
}

}  // namespace
