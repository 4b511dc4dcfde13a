#include "load_recorder.hpp"
#include "loads.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <iostream>
#include <string>

namespace tether::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using clock = load_recorder::clock;
using tcp = asio::ip::tcp;

// Errors as values, not exceptions, like tether's result<>. Named rather than
// a temporary inside each co_await (docs/coroutines.md).
constexpr auto no_throw = asio::as_tuple(asio::use_awaitable);

// The same request curl and tether put on the wire: Host, a User-Agent and
// Accept, nothing else.
bhttp::request<bhttp::empty_body> make_request(const bench_target& t) {
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, t.path, 11};
    req.set(bhttp::field::host, t.host + ":" + std::to_string(t.port));
    req.set(bhttp::field::user_agent, "beast/0.1");
    req.set(bhttp::field::accept, "*/*");
    return req;
}

// Sends on one connection until the window closes or the connection fails.
// Returns false if it failed (the caller reconnects). Owns its stream:
// coroutine parameters by value (docs/coroutines.md).
asio::awaitable<bool> exchange_loop(beast::tcp_stream stream, bhttp::request<bhttp::empty_body> req,
                                    load_recorder* rec) {
    beast::flat_buffer buffer;
    while (!rec->done()) {
        const auto started = clock::now();
        auto [write_ec, written] = co_await bhttp::async_write(stream, req, no_throw);
        bhttp::response<bhttp::string_body> res;
        beast::error_code read_ec = write_ec;
        if (!write_ec) std::tie(read_ec, std::ignore) = co_await bhttp::async_read(stream, buffer, res, no_throw);
        const auto finished = clock::now();
        if (read_ec) {
            rec->failed(finished, "beast: " + read_ec.message());
            co_return false;
        }
        if (res.result_int() != 200) {
            rec->failed(finished, "beast: HTTP status " + std::to_string(res.result_int()));
        } else {
            rec->succeeded(started, finished);
        }
        if (!res.keep_alive()) co_return false;
    }
    co_return true;
}

// One slot: connects, runs the exchange loop, reconnects after a failure.
asio::awaitable<void> slot_loop(tcp::endpoint server, bench_target target, load_recorder* rec) {
    const auto req = make_request(target);
    while (!rec->done()) {
        beast::tcp_stream stream(co_await asio::this_coro::executor);
        auto [ec] = co_await stream.async_connect(server, no_throw);
        if (ec) {
            rec->failed(clock::now(), "beast: connect: " + ec.message());
            continue;
        }
        // As curl does by default (CURLOPT_TCP_NODELAY since 7.50.2).
        stream.socket().set_option(tcp::no_delay(true), ec);
        if (co_await exchange_loop(std::move(stream), req, rec)) break;
    }
}

}  // namespace

load_result run_raw_beast_load(const load_config& config) {
    asio::io_context io{1};
    const tcp::endpoint server(asio::ip::make_address(config.target.host), config.target.port);
    load_recorder rec(config);
    int running = config.concurrency;
    for (int i = 0; i < config.concurrency; ++i) {
        asio::co_spawn(io, slot_loop(server, config.target, &rec), [&](std::exception_ptr e) {
            if (e) rec.failed(clock::now(), "beast: a slot threw");
            --running;
        });
    }
    io.run_until(rec.give_up_at());
    if (running > 0) {
        rec.advance(clock::now());
        rec.mark_stuck();
        std::cerr << "raw-beast: " << running << " request(s) still in flight after the grace period\n";
        io.stop();
    }
    return rec.finish("raw-beast", config.concurrency);
}

}  // namespace tether::bench
