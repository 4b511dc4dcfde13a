#include "exchange.hpp"

#include "../idempotency.hpp"

#include "native_errors.hpp"
#include "response_reader.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <charconv>
#include <vector>

namespace tether::http::native {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t read_chunk = 64 * 1024;
constexpr std::size_t upload_chunk = 64 * 1024;

std::string ms_text(std::chrono::milliseconds ms) {
    return std::to_string(ms.count()) + " ms";
}

std::chrono::microseconds micros(std::chrono::steady_clock::duration d) {
    return std::chrono::duration_cast<std::chrono::microseconds>(d);
}

result<std::size_t> read_body(body_reader& reader, std::span<char> out) {
    try {
        return reader.read(out);
    } catch (const std::exception& e) {
        return error(errc::invalid_body, std::string("the request body's reader threw: ") + e.what());
    }
}

}  // namespace

// A name lookup runs on Asio's resolver thread and cannot be interrupted;
// the exchange waits on `wake` instead, which a result or abort() ends, and
// a lookup that finishes after its exchange gave up is simply dropped.
struct dns_lookup {
    dns_lookup(const asio::any_io_executor& io, const asio::any_io_executor& executor)
        : resolver(io), wake(executor) {}
    tcp::resolver resolver;
    asio::steady_timer wake;
    bool done = false;
    error_code ec;
    tcp::resolver::results_type results;
};

// Returns a connection to the pool however the coroutine leaves the scope
// (an exception included): kept for reuse only when marked so.
struct pool_return {
    connection_pool& pool;
    const std::string& origin;
    std::shared_ptr<connection> conn;
    bool reusable = false;
    pool_return(connection_pool& p, const std::string& o, std::shared_ptr<connection> c)
        : pool(p), origin(o), conn(std::move(c)) {}
    pool_return(const pool_return&) = delete;
    pool_return& operator=(const pool_return&) = delete;
    ~pool_return() {
        if (conn) pool.release(origin, std::move(conn), reusable);
    }
};

// How one attempt ended; `stale` when a reused connection was found closed
// before any byte of the answer, so the request may go again on another.
struct exchange::attempt {
    result<response> outcome;
    bool stale = false;
};

void exchange::cancel_request::operator()() const {
    asio::post(executor, [weak = target] {
        if (auto x = weak.lock()) x->abort(errc::cancelled);
    });
}

void live_exchanges::add(exchange& x) {
    std::lock_guard lock(mutex_);
    x.live_previous_ = nullptr;
    x.live_next_ = first_;
    if (first_) first_->live_previous_ = &x;
    first_ = &x;
}

void live_exchanges::remove(exchange& x) {
    std::lock_guard lock(mutex_);
    if (x.live_previous_) {
        x.live_previous_->live_next_ = x.live_next_;
    } else if (first_ == &x) {
        first_ = x.live_next_;
    }
    if (x.live_next_) x.live_next_->live_previous_ = x.live_previous_;
    x.live_previous_ = x.live_next_ = nullptr;
}

exchange::exchange(std::shared_ptr<native_context> context, request req, call_options options,
                   asio::any_io_executor executor)
    : context_(std::move(context)),
      req_(std::move(req)),
      options_(std::move(options)),
      executor_(std::move(executor)),
      watchdog_(executor_) {}

exchange::~exchange() = default;

// ---- the call -------------------------------------------------------------

task<result<response>> exchange::run(std::shared_ptr<exchange> self) {
    auto& x = *self;
    x.context_->live.add(x);
    auto r = co_await x.run_attempts();
    x.context_->live.remove(x);
    x.enter(phase::finished);
    x.stop_watch_.reset();
    x.watchdog_.cancel();
    if (!r && r.error().url().empty()) r.error().with_request(x.req_.method(), x.req_.url());
    co_return r;
}

task<result<response>> exchange::run_attempts() {
    if (options_.cancel.stop_requested()) co_return error(errc::cancelled, "the call was cancelled before it was sent");
    auto where = parse_request_target(req_.url());
    if (!where) co_return std::move(where).error();
    where_ = std::move(*where);
    asio::ssl::context* tls = nullptr;
    if (where_.secure) {
        auto made = context_->tls_context();
        if (!made) co_return std::move(made).error();
        tls = *made;
    }
    started_ = clock::now();
    if (options_.deadline && started_ >= *options_.deadline) {
        co_return error(errc::deadline_exceeded,
                        "the call's total timeout ran out before this request could be sent; raise total_timeout");
    }
    if (options_.cancel.stop_possible()) {
        cancel_request on_stop;
        on_stop.target = weak_from_this();
        on_stop.executor = executor_;
        stop_watch_.emplace(options_.cancel, std::move(on_stop));
    }
    const bool thorough = req_.method() != "GET" && req_.method() != "HEAD";
    std::optional<error> stale_failure;
    for (;;) {
        auto body = req_.body().open();
        if (!body) {
            // A one-shot body cannot go again: the broken connection's error stands.
            if (stale_failure) co_return *stale_failure;
            co_return std::move(body).error();
        }
        // Most calls find an idle connection: no coroutine of its own for that.
        std::shared_ptr<pool_waiter> waiter;
        auto granted = context_->pool->acquire(where_.origin, thorough, waiter, executor_);
        std::shared_ptr<connection> c;
        if (granted.reused) {
            timings_.reused_connection = true;
            c = std::move(granted.reused);
        } else {
            auto obtained = co_await obtain_connection(std::move(granted), std::move(waiter), thorough, tls);
            if (!obtained) co_return std::move(obtained).error();
            c = std::move(*obtained);
        }
        attempt done;
        if (c->secure()) {
            auto& stream = c->tls();
            done = co_await transfer_on(stream, c, std::move(*body));
        } else {
            auto& stream = c->socket();
            done = co_await transfer_on(stream, c, std::move(*body));
        }
        c.reset();
        if (!done.stale) co_return std::move(done.outcome);
        // The server closed a kept-alive connection just as it was reused,
        // before it could have acted on this request: it goes again.
        if (aborted_) co_return abort_error();
        stale_failure.emplace(std::move(done.outcome).error());
    }
}

// ---- connections ------------------------------------------------------------

task<result<std::shared_ptr<connection>>> exchange::obtain_connection(lease granted,
                                                                       std::shared_ptr<pool_waiter> waiter,
                                                                       bool thorough, asio::ssl::context* tls) {
    auto& pool = *context_->pool;
    if (!granted.granted()) enter(phase::waiting_for_connection);
    while (!granted.granted()) {
        waiter_ = waiter;
        waiter->wake.expires_at(clock::time_point::max());
        co_await waiter->wake.async_wait(use_tuple);
        waiter_.reset();
        if (!aborted_) {
            auto state = co_await asio::this_coro::cancellation_state;
            if (state.cancelled() != asio::cancellation_type::none) aborted_ = errc::cancelled;
        }
        granted = pool.leave(waiter);
        if (aborted_) {
            if (granted.reused) pool.release(where_.origin, std::move(granted.reused), true);
            if (granted.may_open) pool.forfeit(where_.origin);
            co_return abort_error();
        }
        if (!granted.granted()) granted = pool.acquire(where_.origin, thorough, waiter, executor_);
    }
    if (granted.reused) {
        timings_.reused_connection = true;
        co_return std::move(granted.reused);
    }
    timings_.reused_connection = false;
    auto c = std::make_shared<connection>(context_->io, tls);
    pool_return on_failure{pool, where_.origin, c};
    auto opened = co_await open(c);
    if (!opened) co_return std::move(opened).error();
    on_failure.conn.reset();  // handed on to the exchange
    co_return c;
}

task<result<void>> exchange::open(std::shared_ptr<connection> c) {
    enter(phase::connecting);
    const auto before_dns = clock::now();
    auto endpoints = co_await resolve();
    if (!endpoints) co_return std::move(endpoints).error();
    const auto before_connect = clock::now();
    timings_.dns = micros(before_connect - before_dns);
    active_ = c;
    auto connected = co_await connect(c, std::move(*endpoints));
    const auto before_tls = clock::now();
    timings_.connect = micros(before_tls - before_connect);
    if (connected && c->secure()) {
        connected = co_await handshake(c);
        timings_.tls = micros(clock::now() - before_tls);
    }
    active_.reset();
    co_return connected;
}

task<result<tcp::resolver::results_type>> exchange::resolve() {
    const auto port = std::to_string(where_.port);
    if (where_.ip_literal) {
        // An address needs no lookup and no trip to the resolver's thread.
        error_code ec;
        auto address = asio::ip::make_address(where_.host, ec);
        if (ec) co_return dns_error(where_.host, ec);
        co_return tcp::resolver::results_type::create(tcp::endpoint(address, where_.port), where_.host, port);
    }
    auto lookup = std::make_shared<dns_lookup>(context_->io, executor_);
    lookup_ = lookup;
    lookup->wake.expires_at(clock::time_point::max());
    lookup->resolver.async_resolve(
        where_.host, port,
        asio::bind_executor(executor_, [lookup](error_code ec, tcp::resolver::results_type results) {
            lookup->done = true;
            lookup->ec = ec;
            lookup->results = std::move(results);
            lookup->wake.cancel();
        }));
    co_await lookup->wake.async_wait(use_tuple);
    lookup_.reset();
    if (!aborted_) {
        auto state = co_await asio::this_coro::cancellation_state;
        if (state.cancelled() != asio::cancellation_type::none) aborted_ = errc::cancelled;
    }
    if (aborted_) co_return abort_error();
    if (!lookup->done) co_return error(errc::internal_error, "the name lookup ended without a result");
    if (lookup->ec) co_return dns_error(where_.host, lookup->ec);
    co_return std::move(lookup->results);
}

task<result<void>> exchange::connect(std::shared_ptr<connection> c, tcp::resolver::results_type endpoints) {
    error_code last = asio::error::host_not_found;
    for (const auto& entry : endpoints) {
        auto& socket = c->socket();
        error_code ignored;
        if (socket.is_open()) socket.close(ignored);
        auto [ec] = co_await socket.async_connect(entry.endpoint(), use_tuple);
        note_cancellation(ec);
        if (aborted_) co_return abort_error();
        if (!ec) {
            socket.set_option(tcp::no_delay(true), ignored);
            co_return result<void>{};
        }
        last = ec;
    }
    co_return connect_error(where_.host, where_.port, last);
}

task<result<void>> exchange::handshake(std::shared_ptr<connection> c) {
    auto& stream = c->tls();
    auto* ssl = stream.native_handle();
    // SNI names hosts, never addresses (RFC 6066 §3).
    if (!where_.ip_literal && SSL_set_tlsext_host_name(ssl, where_.host.c_str()) != 1) {
        co_return error(errc::tls_failed, "could not set the TLS server name '" + where_.host + "'");
    }
    std::shared_ptr<tether::tls::pin_check> pins;
    if (context_->verify_peer) {
        stream.set_verify_mode(asio::ssl::verify_peer);
        stream.set_verify_callback(asio::ssl::host_name_verification(where_.host));
        // Checked inside the handshake, after the chain verified: a mismatch
        // ends it before a byte of the request is written.
        pins = context_->tls_setup->check_for(where_.host);
        if (pins && !tether::tls::attach(ssl, pins)) {
            co_return error(errc::internal_error, "out of memory while setting up the pin check");
        }
    } else {
        stream.set_verify_mode(asio::ssl::verify_none);
    }
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
    note_cancellation(ec);
    if (aborted_) co_return abort_error();
    if (ec && pins && pins->failed()) co_return error(errc::pinning_failed, pins->failure());
    if (ec) co_return tls_error(where_.host, ec, SSL_get_verify_result(ssl));
    co_return result<void>{};
}

// ---- the exchange on a connection ---------------------------------------------

template <class Stream>
task<exchange::attempt> exchange::transfer_on(Stream& stream, std::shared_ptr<connection> c, opened_body body) {
    const bool reused = c->exchanges > 0;
    ++c->exchanges;
    stale_candidate_ = false;
    active_ = c;
    pool_return give_back{*context_->pool, where_.origin, c};
    enter(phase::transferring);

    const auto* bytes = req_.body().in_memory();
    std::optional<std::uint64_t> size = body.size;
    if (bytes) size = bytes->size();
    const auto framing = framing_for(req_, size);
    const auto head = request_head(req_, where_, framing, context_->decompress);

    attempt outcome;
    bool reusable = false;
    error_code ec;
    if (bytes && framing.sends_body) {
        std::array<asio::const_buffer, 2> message{asio::buffer(head), asio::buffer(*bytes)};
        auto [write_ec, n] = co_await asio::async_write(stream, message, use_tuple);
        ec = write_ec;
    } else {
        auto [write_ec, n] = co_await asio::async_write(stream, asio::buffer(head), use_tuple);
        ec = write_ec;
    }
    last_activity_ = clock::now();
    note_cancellation(ec);
    if (aborted_) {
        outcome.outcome = abort_error();
    } else if (ec) {
        outcome.stale = reused && is_connection_loss(ec);
        outcome.outcome = transfer_error(ec, true);
    } else {
        result<void> sent;
        if (bytes && framing.sends_body) {
            sent = report_upload(bytes->size(), bytes->size());
        } else if (framing.sends_body && body.reader) {
            sent = co_await send_body(stream, *body.reader, framing.length);
        }
        if (!sent) {
            outcome.outcome = std::move(sent).error();
        } else {
            outcome.outcome = co_await receive(stream, *c, reusable);
            // The whole request went out and no answer came: the server may
            // have acted on it before closing, so only a request that may be
            // sent twice goes again (RFC 9110 §9.2.2). A failed write above
            // never delivered the whole request and always may.
            const bool lost = reused && !outcome.outcome && stale_candidate_ && !aborted_;
            outcome.stale = lost && tether::http::detail::may_be_sent_twice(req_);
            if (lost && !outcome.stale) {
                const auto& e = outcome.outcome.error();
                outcome.outcome = error(e.code(), e.message() + "; it was not sent again, as the server may have acted "
                                                                "on it: give a POST or PATCH an Idempotency-Key to "
                                                                "make it safe to retry");
            }
        }
    }
    active_.reset();
    give_back.reusable = reusable && !aborted_;
    co_return outcome;
}

template <class Stream>
task<result<void>> exchange::send_body(Stream& stream, body_reader& reader, std::optional<std::uint64_t> length) {
    std::vector<char> chunk(upload_chunk);
    std::uint64_t sent = 0;
    for (;;) {
        auto n = read_body(reader, std::span<char>(chunk.data(), chunk.size()));
        if (!n) co_return std::move(n).error();
        if (length && sent + *n > *length) {
            co_return error(errc::invalid_body, "the request body is longer than the " + std::to_string(*length) +
                                                    " bytes it announced");
        }
        error_code ec;
        if (!length) {
            // Chunked (RFC 9112 §7.1): size in hex, data, and a last chunk of 0.
            char size_line[24];
            auto [end, convert_ec] = std::to_chars(size_line, size_line + 16, *n, 16);
            *end++ = '\r';
            *end++ = '\n';
            const std::string_view tail = *n == 0 ? std::string_view("\r\n\r\n") : std::string_view("\r\n");
            std::array<asio::const_buffer, 3> pieces{asio::buffer(size_line, static_cast<std::size_t>(end - size_line)),
                                                     asio::buffer(chunk.data(), *n), asio::buffer(tail.data(), tail.size())};
            if (*n == 0) pieces[2] = asio::buffer(tail.data() + 2, 2);
            auto [write_ec, written] = co_await asio::async_write(stream, pieces, use_tuple);
            ec = write_ec;
        } else if (*n > 0) {
            auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(chunk.data(), *n), use_tuple);
            ec = write_ec;
        }
        last_activity_ = clock::now();
        note_cancellation(ec);
        if (aborted_) co_return abort_error();
        if (ec) co_return transfer_error(ec, true);
        sent += *n;
        if (auto reported = report_upload(sent, length); !reported) co_return reported;
        if (*n == 0) break;
    }
    if (length && sent != *length) {
        co_return error(errc::invalid_body, "the request body ended after " + std::to_string(sent) + " of the " +
                                                std::to_string(*length) + " bytes it announced");
    }
    co_return result<void>{};
}

template <class Stream>
task<result<response>> exchange::receive(Stream& stream, connection& c, bool& reusable) {
    response_reader reader(req_.method() == "HEAD", context_->decompress, options_);
    auto& buffer = c.buffer();
    bool first_byte = true;
    for (;;) {
        if (buffer.size() > 0) {
            const auto* data = static_cast<const char*>(buffer.data().data());
            auto used = reader.feed(std::string_view(data, buffer.size()));
            if (!used) co_return std::move(used).error();
            buffer.consume(*used);
            if (reader.done()) break;
        }
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(read_chunk), use_tuple);
        last_activity_ = clock::now();
        note_cancellation(ec);
        if (aborted_) co_return abort_error();
        if (!ec) {
            if (first_byte) {
                timings_.first_byte = micros(last_activity_ - started_);
                first_byte = false;
            }
            buffer.commit(n);
            continue;
        }
        if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
            stale_candidate_ = !reader.started();
            if (auto r = reader.feed_eof(); !r) co_return std::move(r).error();
            break;
        }
        stale_candidate_ = !reader.started() && is_connection_loss(ec);
        if (!reader.started()) co_return transfer_error(ec, false);
        co_return error(errc::connection_reset, "the connection broke while receiving the response (" + ec.message() +
                                                    "); trying again may help");
    }
    // Bytes past the end of the response belong to no request: the
    // connection cannot be trusted with another one.
    reusable = reader.keep_alive() && buffer.size() == 0;
    auto r = reader.take();
    if (!r) {
        reusable = false;
        co_return r;
    }
    timings_.total = micros(clock::now() - started_);
    r->timings(timings_);
    r->url(req_.url());
    co_return r;
}

// ---- timeouts and cancellation ------------------------------------------------

void exchange::enter(phase p) {
    phase_ = p;
    if (p == phase::connecting) connect_started_ = clock::now();
    if (p == phase::transferring) last_activity_ = clock::now();
    if (p != phase::finished) arm_watchdog();
}

std::optional<exchange::clock::time_point> exchange::due() const {
    std::optional<clock::time_point> at = options_.deadline;
    auto sooner = [&at](clock::time_point t) {
        if (!at || t < *at) at = t;
    };
    if (phase_ == phase::connecting && options_.connect_timeout.count() > 0) {
        sooner(connect_started_ + options_.connect_timeout);
    }
    if (phase_ == phase::transferring && options_.read_timeout.count() > 0) {
        sooner(last_activity_ + options_.read_timeout);
    }
    return at;
}

void exchange::arm_watchdog() {
    const auto at = due();
    if (!at) {
        watchdog_.cancel();
        return;
    }
    watchdog_.expires_at(*at);
    watchdog_.async_wait([self = shared_from_this()](error_code ec) {
        if (!ec) self->on_watchdog();
    });
}

void exchange::on_watchdog() {
    if (phase_ == phase::finished || aborted_) return;
    const auto now = clock::now();
    if (options_.deadline && now >= *options_.deadline) {
        abort(errc::deadline_exceeded);
    } else if (phase_ == phase::connecting && options_.connect_timeout.count() > 0 &&
               now >= connect_started_ + options_.connect_timeout) {
        abort(errc::connect_timeout);
    } else if (phase_ == phase::transferring && options_.read_timeout.count() > 0 &&
               now >= last_activity_ + options_.read_timeout) {
        abort(errc::read_timeout);
    } else {
        arm_watchdog();  // there was activity since: wait for the new due time
    }
}

void exchange::note_cancellation(const error_code& ec) noexcept {
    // An operation ended by the caller's own cancellation slot (when the
    // exchange runs in the caller's coroutine) rather than by abort().
    if (ec == asio::error::operation_aborted && !aborted_) aborted_ = errc::cancelled;
}

void exchange::abort(errc reason) {
    if (phase_ == phase::finished || aborted_) return;
    aborted_ = reason;
    if (waiter_) waiter_->wake.cancel();
    if (lookup_) {
        lookup_->resolver.cancel();
        lookup_->wake.cancel();
    }
    if (active_) active_->cancel();
}

error exchange::abort_error() const {
    switch (*aborted_) {
        case errc::connect_timeout:
            return error(errc::connect_timeout, "could not connect to " + where_.host + " within " +
                                                    ms_text(options_.connect_timeout) +
                                                    " (connect timeout); check that the server is reachable, or raise "
                                                    "connect_timeout");
        case errc::read_timeout:
            return error(errc::read_timeout, "nothing was received for " + ms_text(options_.read_timeout) +
                                                 " (read timeout); the server may be overloaded, or raise read_timeout");
        case errc::deadline_exceeded: {
            auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started_);
            return error(errc::deadline_exceeded, "the call did not complete within its total timeout (gave up after " +
                                                      ms_text(elapsed) + "); raise total_timeout if the server is slow");
        }
        default:
            return error(errc::cancelled, "the call was cancelled");
    }
}

result<void> exchange::report_upload(std::uint64_t sent, std::optional<std::uint64_t> total) {
    if (!options_.on_upload_progress) return {};
    try {
        progress p{sent, total};
        options_.on_upload_progress(p);
        return {};
    } catch (const std::exception& e) {
        return error(errc::internal_error, std::string("the upload progress callback threw: ") + e.what());
    }
}

}  // namespace tether::http::native
