#include "load_recorder.hpp"
#include "loads.hpp"

#include <tether/http/client.hpp>
#include <tether/http/interceptor.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace tether::bench {

namespace {

namespace asio = boost::asio;
using clock = load_recorder::clock;

// The cheapest interceptor there is: what a do-nothing link in the chain
// costs is the price every real one (auth, retry, logging) starts from.
std::shared_ptr<http::interceptor> pass_through() {
    return http::make_interceptor([](const http::chain& c) -> tether::task<tether::result<http::response>> {
        co_return co_await c.proceed(c.current_request());
    });
}

std::string describe(const tether::result<http::response>& r) {
    return r ? "HTTP status " + std::to_string(r->status()) : r.error().to_string();
}

// One slot: sends, waits, records, repeats. Parameters by value (the frame
// owns them); the recorder outlives the loop that runs this.
tether::task<void> send_loop(http::client client, http::request req, load_recorder* rec) {
    while (!rec->done()) {
        const auto started = clock::now();
        auto r = co_await client.send(req);
        const auto finished = clock::now();
        if (r && r->status() == 200) {
            rec->succeeded(started, finished);
        } else {
            rec->failed(finished, describe(r));
        }
    }
}

http::client_options bench_options(int pass_through_interceptors, http::transport_kind transport) {
    http::client_options opts;
    opts.transport = transport;
    // Like for like with the raw clients and wrk: HTTP/1.1, no
    // Accept-Encoding, nothing to decode.
    opts.http2 = false;
    opts.decompress = false;
    for (int i = 0; i < pass_through_interceptors; ++i) opts.interceptors.push_back(pass_through());
    return opts;
}

}  // namespace

load_result run_tether_load(const load_config& config, int pass_through_interceptors, http::transport_kind transport) {
    asio::io_context io{1};
    std::optional<http::client> client(std::in_place, io.get_executor(),
                                       bench_options(pass_through_interceptors, transport));
    const auto req = http::request::get(config.target.url);
    load_recorder rec(config);

    // One signal per slot, so a run whose requests never complete can still
    // be wound down through the client's own cancellation path.
    std::vector<asio::cancellation_signal> cancel(static_cast<std::size_t>(config.concurrency));
    int running = config.concurrency;
    for (auto& signal : cancel) {
        auto on_exit = [&](std::exception_ptr e) {
            if (e) rec.failed(clock::now(), "a send loop threw; client.send() must return failures as values");
            // The last slot done: drop our copy so the client winds down
            // and io runs out of work.
            if (--running == 0) client.reset();
        };
        asio::co_spawn(io, send_loop(*client, req, &rec), asio::bind_cancellation_slot(signal.slot(), on_exit));
    }
    io.run_until(rec.give_up_at());
    if (running > 0) {
        rec.advance(clock::now());
        rec.mark_stuck();
        std::cerr << "tether (" << (transport == http::transport_kind::native ? "native" : "curl") << "): " << running << " request(s) still in flight after the grace period; cancelling\n";
        for (auto& signal : cancel) signal.emit(asio::cancellation_type::terminal);
        io.run_for(std::chrono::seconds(1));
    } else if (!io.stopped()) {
        std::cerr << "tether: the client had not wound down by the end of the grace period\n";
    }
    const std::string base = transport == http::transport_kind::native ? "native" : "tether";
    auto name = pass_through_interceptors == 0 ? base : base + "+" + std::to_string(pass_through_interceptors) + "i";
    return rec.finish(std::move(name), config.concurrency);
}

}  // namespace tether::bench
