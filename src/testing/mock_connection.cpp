// The mock server's connections: read a request with Beast, record it, and
// write the scripted answer byte by byte as the script says — faults
// included, which is why responses are serialized here and not by Beast.

#include "mock_response_access.hpp"
#include "mock_server_impl.hpp"

#include <tether/http/response.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <type_traits>

namespace tether::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using access = detail::mock_response_access;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
using plain_stream = tcp::socket;
using tls_stream = asio::ssl::stream<tcp::socket>;

tcp::socket& lowest(plain_stream& s) { return s; }
tcp::socket& lowest(tls_stream& s) { return s.next_layer(); }

// Unregisters a connection from the server when its coroutine ends.
class live_registration {
public:
    live_registration(mock_server::impl& server, std::function<void()> closer)
        : server_(server), id_(server.register_connection(std::move(closer))) {}
    ~live_registration() { server_.unregister_connection(id_); }
    live_registration(const live_registration&) = delete;
    live_registration& operator=(const live_registration&) = delete;

private:
    mock_server::impl& server_;
    std::uint64_t id_;
};

recorded_request record_of(const bhttp::request<bhttp::string_body>& msg, std::uint64_t connection) {
    recorded_request rec;
    rec.method = std::string(msg.method_string());
    rec.target = std::string(msg.target());
    rec.version = "HTTP/" + std::to_string(msg.version() / 10) + "." + std::to_string(msg.version() % 10);
    for (const auto& field : msg) rec.headers.add(std::string(field.name_string()), std::string(field.value()));
    rec.body = msg.body();
    rec.connection = connection;
    std::string_view target = rec.target;
    // Absolute-form (a request sent to a proxy): the path starts after the authority.
    if (auto scheme = target.find("://"); scheme != std::string_view::npos && target.front() != '/') {
        auto path_start = target.find('/', scheme + 3);
        target = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
    }
    auto q = target.find('?');
    rec.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) rec.query = std::string(target.substr(q + 1));
    return rec;
}

// What a TLS handshake settled that tests may assert on.
struct tls_facts {
    bool resumed = false;
    std::string client_subject;
};

tls_facts facts_of(SSL* ssl) {
    tls_facts facts;
    facts.resumed = SSL_session_reused(ssl) == 1;
    if (X509* peer = SSL_get0_peer_certificate(ssl)) {
        BIO* bio = BIO_new(BIO_s_mem());
        if (bio && X509_NAME_print_ex(bio, X509_get_subject_name(peer), 0, XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ) >= 0) {
            char* data = nullptr;
            const long n = BIO_get_mem_data(bio, &data);
            if (n > 0) facts.client_subject.assign(data, static_cast<std::size_t>(n));
        }
        BIO_free(bio);
    }
    return facts;
}

bool has_no_body(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

std::string head_of(const mock_response& r, std::size_t body_size, bool closing) {
    const int status = r.status();
    std::string reason = access::reason(r).empty() ? std::string(http::standard_reason(status)) : access::reason(r);
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
    for (const auto& field : r.headers()) out += field.name + ": " + field.value + "\r\n";
    if (access::encoding(r) != mock_response::encoding::identity && !r.headers().contains("Content-Encoding")) {
        static constexpr const char* names[] = {"identity", "gzip", "deflate", "br"};
        out += std::string("Content-Encoding: ") + names[static_cast<int>(access::encoding(r))] + "\r\n";
    }
    if (!has_no_body(status)) {
        if (access::chunk_size(r)) {
            out += "Transfer-Encoding: chunked\r\n";
        } else if (!access::until_close(r) && !r.headers().contains("Content-Length")) {
            out += "Content-Length: " + std::to_string(body_size) + "\r\n";
        }
    }
    if (closing && !r.headers().contains("Connection")) out += "Connection: close\r\n";
    out += "\r\n";
    return out;
}

std::string chunk_encode(const std::string& body, std::size_t chunk_size) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t at = 0; at < body.size(); at += chunk_size) {
        auto n = std::min(chunk_size, body.size() - at);
        std::string size_hex;
        for (auto v = n; v > 0; v >>= 4) size_hex.insert(size_hex.begin(), hex[v & 0xF]);
        out += size_hex + "\r\n" + body.substr(at, n) + "\r\n";
    }
    out += "0\r\n\r\n";
    return out;
}

void close_gracefully(tcp::socket& socket) {
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
    socket.close(ignored);
}

template <class Stream>
asio::awaitable<bool> write_all(Stream& stream, std::string_view bytes) {
    auto [ec, n] = co_await asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), tuple_awaitable);
    co_return !ec;
}

// Writes `r` as scripted; true when the connection stays open for more.
template <class Stream>
asio::awaitable<bool> answer(Stream& stream, asio::steady_timer& timer, const mock_response& r, bool head_request,
                             bool keep_alive) {
    auto& socket = lowest(stream);
    if (access::delay(r).count() > 0) {
        timer.expires_after(access::delay(r));
        auto [ec] = co_await timer.async_wait(tuple_awaitable);
        if (ec) co_return false;
    }
    if (access::reset(r)) {
        boost::system::error_code ignored;
        socket.set_option(asio::socket_base::linger(true, 0), ignored);
        socket.close(ignored);
        co_return false;
    }
    if (access::hang(r)) {
        char sink[512];
        for (;;) {
            auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), tuple_awaitable);
            if (ec) co_return false;
        }
    }
    if (const auto& raw = access::raw(r)) {
        co_await write_all(stream, *raw);
        close_gracefully(socket);
        co_return false;
    }
    const std::string body = detail::encoded_body(r);
    const bool closing = access::close(r) || access::until_close(r) || !keep_alive || access::drop_after(r).has_value();
    if (!co_await write_all(stream, head_of(r, body.size(), closing))) co_return false;

    std::string wire;
    if (!head_request && !has_no_body(r.status())) {
        wire = access::chunk_size(r) ? chunk_encode(body, *access::chunk_size(r)) : body;
    }
    if (access::drop_after(r) && *access::drop_after(r) < wire.size()) wire.resize(*access::drop_after(r));
    if (access::throttle_bytes(r) > 0) {
        for (std::size_t at = 0; at < wire.size(); at += access::throttle_bytes(r)) {
            if (at > 0) {
                timer.expires_after(access::throttle_every(r));
                auto [ec] = co_await timer.async_wait(tuple_awaitable);
                if (ec) co_return false;
            }
            auto slice = std::string_view(wire).substr(at, access::throttle_bytes(r));
            if (!co_await write_all(stream, slice)) co_return false;
        }
    } else if (!wire.empty() && !co_await write_all(stream, wire)) {
        co_return false;
    }
    if (closing) {
        close_gracefully(socket);
        co_return false;
    }
    co_return true;
}

template <class From, class To>
asio::awaitable<void> relay(From& from, To& to) {
    char data[16 * 1024];
    for (;;) {
        auto [ec, n] = co_await from.async_read_some(asio::buffer(data), tuple_awaitable);
        if (ec) break;
        auto [wec, written] = co_await asio::async_write(to, asio::buffer(data, n), tuple_awaitable);
        if (wec) break;
    }
    boost::system::error_code ignored;
    lowest(to).shutdown(tcp::socket::shutdown_send, ignored);
}

// CONNECT host:port (RFC 9110 §9.3.6): answers 200 and relays bytes both
// ways, over plain TCP or, for a proxy reached by https://, inside TLS.
template <class Stream>
asio::awaitable<void> tunnel(mock_server::impl& server, Stream& client, beast::flat_buffer& pending,
                             const std::string& authority) {
    using namespace asio::experimental::awaitable_operators;
    auto colon = authority.rfind(':');
    std::string host = authority.substr(0, colon);
    std::string port = colon == std::string::npos ? "443" : authority.substr(colon + 1);
    if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);

    tcp::socket upstream(server.io);
    live_registration registered(server, [&upstream] {
        boost::system::error_code ignored;
        upstream.close(ignored);
    });
    tcp::resolver resolver(server.io);
    auto [rec, endpoints] = co_await resolver.async_resolve(host, port, tuple_awaitable);
    boost::system::error_code cec = rec;
    if (!rec) std::tie(cec, std::ignore) = co_await asio::async_connect(upstream, endpoints, tuple_awaitable);
    if (cec) {
        co_await write_all(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        close_gracefully(lowest(client));
        co_return;
    }
    if (!co_await write_all(client, "HTTP/1.1 200 Connection Established\r\n\r\n")) co_return;
    if (pending.size() > 0) {
        auto [ec, n] = co_await asio::async_write(upstream, pending.data(), tuple_awaitable);
        if (ec) co_return;
        pending.consume(n);
    }
    // Named first: see docs/coroutines.md on temporaries in co_await.
    auto upstream_bound = relay(client, upstream);
    auto client_bound = relay(upstream, client);
    co_await (std::move(upstream_bound) && std::move(client_bound));
}

template <class Stream>
asio::awaitable<void> serve(mock_server::impl& server, Stream stream, std::uint64_t connection) {
    auto& socket = lowest(stream);
    asio::steady_timer timer(server.io);
    live_registration registered(server, [&socket, &timer] {
        boost::system::error_code ignored;
        socket.close(ignored);
        timer.cancel();
    });
    tls_facts tls;
    if constexpr (std::is_same_v<Stream, tls_stream>) {
        auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, tuple_awaitable);
        if (ec) co_return;
        tls = facts_of(stream.native_handle());
    }
    beast::flat_buffer buffer;
    for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(64 * 1024);
        parser.body_limit(server.options.max_body_size);
        auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, tuple_awaitable);
        if (ec == bhttp::error::body_limit) {
            // A Content-Length over the limit is caught with the header.
            co_await write_all(stream, "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            close_gracefully(socket);
            co_return;
        }
        if (ec) {
            if (ec != bhttp::error::end_of_stream && ec != asio::error::eof && socket.is_open()) {
                co_await write_all(stream, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                close_gracefully(socket);
            }
            co_return;
        }
        if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
            if (!co_await write_all(stream, "HTTP/1.1 100 Continue\r\n\r\n")) co_return;
        }
        std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, tuple_awaitable);
        if (ec == bhttp::error::body_limit) {
            co_await write_all(stream, "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            close_gracefully(socket);
            co_return;
        }
        if (ec) co_return;
        const auto& msg = parser.get();
        auto rec = record_of(msg, connection);
        rec.tls_session_resumed = tls.resumed;
        rec.client_certificate_subject = tls.client_subject;
        if (msg.method() == bhttp::verb::connect && server.options.allow_connect) {
            // Unless a test scripted an answer (say 407), the tunnel opens.
            if (!server.has_script_for(rec)) {
                server.record(rec);
                co_await tunnel(server, stream, buffer, rec.target);
                co_return;
            }
            auto r = server.respond(rec);
            if (r.status() >= 200 && r.status() < 300) {
                co_await tunnel(server, stream, buffer, rec.target);
            } else {
                co_await answer(stream, timer, r.close(), false, false);
            }
            co_return;
        }
        auto r = server.respond(rec);
        if (!co_await answer(stream, timer, r, msg.method() == bhttp::verb::head, msg.keep_alive())) co_return;
    }
}

}  // namespace

asio::awaitable<void> accept_loop(mock_server::impl& server) {
    for (;;) {
        auto [ec, socket] = co_await server.acceptor.async_accept(tuple_awaitable);
        if (ec) {
            if (!server.acceptor.is_open()) co_return;
            continue;
        }
        const auto connection = ++server.connections;
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (server.tls) {
            asio::co_spawn(server.io, serve(server, tls_stream(std::move(socket), *server.tls), connection),
                           asio::detached);
        } else {
            asio::co_spawn(server.io, serve(server, std::move(socket), connection), asio::detached);
        }
    }
}

}  // namespace tether::testing
