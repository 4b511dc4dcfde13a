#include "reliability_run.hpp"

#include <tether/http/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>

namespace tether::bench {

namespace {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

// The requests of a run, drawn up front from the seed, so that every run
// with the same seed sends the same mix in the same order.
struct planned {
    bool post = false;
    int item = 0;
};

std::vector<planned> plan(const reliability_config& c) {
    std::mt19937_64 engine(c.seed ^ 0x9e3779b97f4a7c15ULL);
    std::vector<planned> out(static_cast<std::size_t>(c.requests));
    for (auto& p : out) {
        p.post = static_cast<int>(engine() % 100) < c.percent_post;
        p.item = static_cast<int>(engine() % 1000) + 1;
    }
    return out;
}

http::request make_request(const planned& p, std::uint64_t seed, int index) {
    if (!p.post) return http::request::get("chaos/items/" + std::to_string(p.item));
    // A client_order_id unique to this logical order: two applied orders
    // carrying it are one order applied twice, whatever their keys.
    boost::json::object order{{"client_order_id", std::to_string(seed) + "-" + std::to_string(index)},
                              {"item", p.item},
                              {"quantity", 1}};
    return http::request::post("chaos/orders", http::body::json(order));
}

std::string failure_name(const result<http::response>& r) {
    if (r) return "HTTP " + std::to_string(r->status());
    if (auto status = r.error().status()) return "HTTP " + std::to_string(*status);
    return std::string(to_string(r.error().code()));
}

struct run_state {
    reliability_config config;
    std::vector<planned> requests;
    reliability_result result;
    int next = 0;
    int finished = 0;
};

// One closed-loop slot: takes the next request, sends it, records, repeats.
// Parameters by value (docs/coroutines.md); everything runs on one thread.
task<void> slot(http::client client, std::shared_ptr<run_state> s) {
    while (s->next < s->config.requests) {
        const int index = s->next++;
        const auto& p = s->requests[static_cast<std::size_t>(index)];
        auto req = make_request(p, s->config.seed, index);
        const auto started = clock::now();
        auto r = co_await client.send(std::move(req));
        s->result.latency_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - started).count());
        const int attempts = r ? r->attempts() : r.error().attempts();
        s->result.retries += static_cast<std::uint64_t>(std::max(attempts, 1) - 1);
        const bool ok = r.has_value();
        (p.post ? s->result.posts : s->result.gets) += 1;
        if (ok) {
            (p.post ? s->result.posts_ok : s->result.gets_ok) += 1;
        } else {
            ++s->result.failures[failure_name(r)];
        }
        ++s->finished;
    }
}

http::client_options client_options_for(const reliability_config& c, const std::string& base_url) {
    http::client_options o;
    o.base_url = base_url;
    o.transport = c.transport;
    // What both transports support, and nothing from the environment.
    o.http2 = false;
    o.proxy.from_environment = false;
    o.connect_timeout = std::chrono::milliseconds(2000);
    o.read_timeout = c.read_timeout;
    o.total_timeout = c.total_timeout;
    if (c.mode != resilience::none) {
        auto policy = c.policy;
        policy.add_idempotency_keys = c.mode == resilience::retry_with_keys;
        o.interceptors.push_back(http::retry_interceptor(policy));
    }
    return o;
}

}  // namespace

double reliability_result::success_percent() const noexcept {
    return requests > 0 ? 100.0 * (gets_ok + posts_ok) / requests : 0.0;
}

reliability_result run_reliability(const reliability_config& config) {
    // The sandbox serves on its own thread; the client runs on this one.
    testing::sandbox box(testing::sandbox_options{.seed_users = 0, .faults = config.faults});
    asio::io_context io{1};
    auto state = std::make_shared<run_state>();
    state->config = config;
    state->requests = plan(config);
    state->result.requests = config.requests;
    state->result.latency_ns.reserve(static_cast<std::size_t>(config.requests));
    {
        http::client client(io.get_executor(), client_options_for(config, box.url("/")));
        const auto started = clock::now();
        for (int i = 0; i < config.concurrency; ++i) asio::co_spawn(io, slot(client, state), asio::detached);
        // Bounded: no run may hang the benchmark (each request has a total
        // timeout too, so this only catches a request that never completes).
        const auto give_up = started + std::chrono::seconds(120) + config.total_timeout;
        while (state->finished < config.requests && clock::now() < give_up) io.run_one_until(give_up);
        state->result.seconds = std::chrono::duration<double>(clock::now() - started).count();
    }
    state->result.unfinished = config.requests - state->finished;
    io.run_for(std::chrono::seconds(1));  // let the client wind down
    state->result.effects = box.effects();
    std::sort(state->result.latency_ns.begin(), state->result.latency_ns.end());
    return state->result;
}

const char* to_string(resilience mode) noexcept {
    switch (mode) {
        case resilience::retry_with_keys: return "retry + keys";
        case resilience::none: return "no retry";
        case resilience::retry_without_keys: return "retry, no keys";
    }
    return "?";
}

const char* to_string(http::transport_kind transport) noexcept {
    return transport == http::transport_kind::native ? "native" : "curl";
}

}  // namespace tether::bench
