// Servers that drop, reset, stall or answer garbage give clear typed
// errors: never a crash, a hang or a silently truncated body.

#include "support.hpp"

#include <thread>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

struct fault_case {
    std::string name;
    mock_response response;
    errc expected;
};

// A header section of `lines` distinct fields of about 80 bytes each.
std::string many_header_lines(std::size_t lines) {
    std::string out;
    for (std::size_t i = 0; i < lines; ++i) {
        out += "X-Filler-" + std::to_string(i) + ": " + std::string(64, 'h') + "\r\n";
    }
    return out;
}

// `line` (with its CRLF) `times` times over.
std::string repeated(const std::string& line, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += line;
    return out;
}

// Sends `c.response` to a fresh client and checks that the call fails fast
// with `c.expected`.
void expect_fault(const http::client_options& options, const fault_case& c) {
    SCOPED_TRACE(c.name);
    mock_server server;
    server.enqueue(c.response);
    auto opts = options;
    opts.read_timeout = 2s;
    http::client client(opts);
    auto start = std::chrono::steady_clock::now();
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r) << "got a response: " << r->status() << " " << r->body().substr(0, 40);
    EXPECT_EQ(to_string(r.error().code()), to_string(c.expected)) << r.error().to_string();
    EXPECT_EQ(r.error().method(), "GET");
    EXPECT_EQ(r.error().url(), server.url("/"));
    EXPECT_FALSE(r.error().message().empty());
    EXPECT_LT(elapsed_ms(start), 1900) << "must fail fast, not by timing out";
}

}  // namespace

class fault : public transport_test {};

TEST_P(fault, each_broken_answer_gives_its_typed_error) {
    std::vector<fault_case> cases{
        {"connection dropped mid-body", mock_response().body(std::string(10'000, 'x')).drop_after(100),
         errc::connection_reset},
        {"connection reset", mock_response().reset(), errc::connection_reset},
        {"closed without a byte", mock_response().raw(""), errc::connection_reset},
        {"content-length that lies", mock_response().raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly fifty bytes"),
         errc::connection_reset},
        {"garbage instead of a status line", mock_response().raw("HELLO THERE\r\n\r\n"), errc::protocol_violation},
        {"status line without a code", mock_response().raw("HTTP/1.1 OK\r\n\r\n"), errc::protocol_violation},
        {"invalid chunk size", mock_response().raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
         errc::protocol_violation},
        {"truncated chunked body", mock_response().raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"),
         errc::connection_reset},
        {"headers that never end", mock_response().raw("HTTP/1.1 200 OK\r\nX-A: b\r\n"), errc::connection_reset},
        {"a header line of 200 KB", mock_response().raw("HTTP/1.1 200 OK\r\nX-Big: " + std::string(200'000, 'a') + "\r\n\r\n"),
         errc::protocol_violation},
        {"gzip that is not gzip", mock_response().header("Content-Encoding", "gzip").body("definitely not gzip"),
         errc::protocol_violation},
    };
    for (const auto& c : cases) expect_fault(options(), c);
}

TEST_P(fault, every_malformed_chunk_is_a_protocol_violation) {
    // RFC 9112 §7.1: chunk-size = 1*HEXDIG, then optional ";" extensions,
    // then CRLF, the data and CRLF. A lenient parser reads most of these
    // bodies as "abc"; the size line is also where request smuggling hides.
    auto chunked = [](const std::string& size_line) {
        return mock_response().raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + size_line +
                                   "\r\nabc\r\n0\r\n\r\n");
    };
    std::vector<fault_case> cases{
        {"negative", chunked("-3"), errc::protocol_violation},
        {"with a sign", chunked("+3"), errc::protocol_violation},
        {"empty", chunked(""), errc::protocol_violation},
        {"leading space", chunked(" 3"), errc::protocol_violation},
        {"hex with a 0x prefix", chunked("0x3"), errc::protocol_violation},
        {"more than 64 bits", chunked("10000000000000003"), errc::protocol_violation},
        {"data longer than its size", mock_response().raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                          "2\r\nabc\r\n0\r\n\r\n"),
         errc::protocol_violation},
    };
    for (const auto& c : cases) expect_fault(options(), c);
}

TEST_P(fault, a_chunk_size_followed_by_garbage_is_a_protocol_violation) {
    if (GetParam() == http::transport_kind::curl) {
        GTEST_SKIP() << "libcurl 7.88 reads \"3zz\" as size 3 with an extension (README, known limitations)";
    }
    expect_fault(options(), {"digits followed by garbage",
                             mock_response().raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3zz\r\nabc\r\n0\r\n\r\n"),
                             errc::protocol_violation});
}

TEST_P(fault, a_header_section_over_100_kib_is_a_protocol_violation_however_it_is_split) {
    // One 200 KB line is in the table above; here no line is long, the
    // section is. An unbounded header section is memory a server can make
    // the client spend (curl CVE-2023-38039).
    std::vector<fault_case> cases{
        {"1600 fields of 80 bytes",
         mock_response().raw("HTTP/1.1 200 OK\r\n" + many_header_lines(1600) + "Content-Length: 2\r\n\r\nok"),
         errc::protocol_violation},
        {"1300 Set-Cookie fields of 106 bytes",
         mock_response().raw("HTTP/1.1 200 OK\r\n" + repeated("Set-Cookie: c=" + std::string(90, 'c') + "\r\n", 1300) +
                             "Content-Length: 2\r\n\r\nok"),
         errc::protocol_violation},
    };
    for (const auto& c : cases) expect_fault(options(), c);
}

TEST_P(fault, a_header_section_of_64_kib_is_read_whole) {
    mock_server server;
    server.enqueue(mock_response().raw("HTTP/1.1 200 OK\r\n" + many_header_lines(820) + "Content-Length: 2\r\n\r\nok"));
    http::client client(options());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "ok");
    EXPECT_EQ(r->headers().get("X-Filler-819"), std::string(64, 'h'));
    EXPECT_EQ(r->headers().size(), 821u);
}

TEST_P(fault, a_body_longer_than_its_content_length_does_not_leak_into_the_next_response) {
    // The bytes past Content-Length are not a response (RFC 9112 §6.3: the
    // length ends the message), here they look like one. A connection that
    // carries bytes nobody asked for cannot be trusted with another exchange,
    // whether they came with the body or while the connection sat idle.
    const std::string stray = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nforged";
    struct stray_case {
        std::string name;
        mock_response first;
    };
    for (const auto& c : {stray_case{"with the body", mock_response().header("Content-Length", "5").body("hello" + stray)},
                          stray_case{"once the body was read", mock_response()
                                                                   .header("Content-Length", "5")
                                                                   .body("hello" + stray)
                                                                   .throttle(5, 5ms)}}) {
        SCOPED_TRACE(c.name);
        if (GetParam() == http::transport_kind::curl && c.name == "once the body was read") {
            // libcurl 7.88 does not look at a parked connection before reusing it
            // (README, known limitations); the bytes that came with the body are caught.
            continue;
        }
        mock_server server;
        server.enqueue(c.first);
        server.enqueue(mock_response::text("genuine"));
        http::client client(options());
        auto first = client.execute(http::request::get(server.url("/first")));
        ASSERT_TRUE(first) << first.error().to_string();
        EXPECT_EQ(first->body(), "hello");
        std::this_thread::sleep_for(200ms);  // every stray byte has arrived
        auto second = client.execute(http::request::get(server.url("/second")));
        ASSERT_TRUE(second) << second.error().to_string();
        EXPECT_EQ(second->body(), "genuine");
        auto all = server.requests();
        ASSERT_EQ(all.size(), 2u);
        EXPECT_NE(all[1].connection, all[0].connection) << "the connection with stray bytes on it was reused";
    }
}

TEST_P(fault, a_sequence_of_failures_then_success_is_served_in_order) {
    mock_server server;
    server.enqueue(mock_response(503).header("Retry-After", "0"));
    server.enqueue(mock_response(429).header("Retry-After", "1"));
    server.enqueue(mock_response(502));
    server.enqueue(mock_response::text("finally"));
    http::client client(options());
    std::vector<std::string> seen;
    for (int i = 0; i < 4; ++i) {
        auto r = client.execute(http::request::get(server.url("/")));
        seen.push_back(r ? r->body() : std::string(to_string(r.error().code())));
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"server_error", "rate_limited", "server_error", "finally"}));
}

namespace {

// Opens a kept-alive connection with one exchange, then scripts the server
// to reset the connection on the next request (no answer at all) and to
// answer `then` after that.
void lose_the_next_answer_on_a_kept_alive_connection(mock_server& server, const http::client& client,
                                                     std::string then) {
    server.enqueue(mock_response::text("first"));
    server.enqueue(mock_response().reset());
    server.enqueue(mock_response::text(std::move(then)));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/"))));
}

std::size_t requests_with_method(const mock_server& server, std::string_view method) {
    std::size_t n = 0;
    for (const auto& seen : server.requests()) n += seen.method == method;
    return n;
}

}  // namespace

TEST_P(fault, a_reused_connection_that_died_is_replaced_once_transparently) {
    // A kept-alive connection the server has dropped is indistinguishable
    // from a live one until it is used; like OkHttp's retryOnConnectionFailure
    // and curl, the request goes once more on a fresh connection when
    // nothing at all came back on the reused one.
    mock_server server;
    http::client client(options());
    ASSERT_NO_FATAL_FAILURE(lose_the_next_answer_on_a_kept_alive_connection(server, client, "on a fresh connection"));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "on a fresh connection");
    EXPECT_EQ(server.connection_count(), 2u);
}

// The server reads the whole POST, may act on it, and closes without an
// answer: sending it again could do the thing twice (RFC 9110 §9.2.2).
TEST_P(fault, a_post_lost_on_a_reused_connection_is_not_sent_again_without_an_idempotency_key) {
    mock_server server;
    http::client client(options());
    ASSERT_NO_FATAL_FAILURE(lose_the_next_answer_on_a_kept_alive_connection(server, client, "must not be reached"));
    auto r = client.execute(http::request::post(server.url("/orders"), http::body::text("{\"order\": 1}")));
    ASSERT_FALSE(r) << "answered: " << r->body();
    EXPECT_EQ(r.error().code(), errc::connection_reset);
    EXPECT_NE(r.error().message().find("Idempotency-Key"), std::string::npos) << r.error().message();
    EXPECT_EQ(requests_with_method(server, "POST"), 1u) << "the order reached the server once";
}

TEST_P(fault, a_post_with_an_idempotency_key_lost_on_a_reused_connection_goes_again) {
    mock_server server;
    http::client client(options());
    ASSERT_NO_FATAL_FAILURE(lose_the_next_answer_on_a_kept_alive_connection(server, client, "created"));
    auto r = client.execute(http::request::post(server.url("/orders"), http::body::text("{\"order\": 1}"))
                                .header("Idempotency-Key", "8e03978e-40d5-43e8-bc93-6894a57f9324"));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "created");
    EXPECT_EQ(server.request_count(), 3u);
}

TEST_P(fault, a_bodiless_post_that_gets_no_answer_is_not_sent_again) {
    mock_server server;
    http::client client(options());
    ASSERT_NO_FATAL_FAILURE(lose_the_next_answer_on_a_kept_alive_connection(server, client, "must not be reached"));
    auto r = client.execute(http::request::post(server.url("/orders/1/cancel")));
    ASSERT_FALSE(r) << "answered: " << r->body();
    EXPECT_EQ(r.error().code(), errc::connection_reset);
    EXPECT_EQ(requests_with_method(server, "POST"), 1u);
}

TEST_P(fault, connection_refused_and_dns_failure_are_network_errors) {
    http::client client(options());
    auto refused = client.execute(http::request::get("http://127.0.0.1:1/"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), errc::connection_refused);
    EXPECT_EQ(classify(refused.error()), error_class::transient);
    EXPECT_THROW(refused.value(), network_error);

    auto unknown = client.execute(http::request::get("http://no-such-host.invalid/"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code(), errc::dns_failed);
}

TEST_P(fault, a_server_that_closes_an_idle_kept_alive_connection_does_not_fail_the_next_call) {
    mock_server server;
    server.enqueue(mock_response::text("first").close());
    server.enqueue(mock_response::text("second"));
    http::client client(options());
    ASSERT_TRUE(client.execute(http::request::get(server.url("/"))));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "second");
}

TEST_P(fault, a_body_delimited_by_close_is_read_whole) {
    mock_server server;
    server.enqueue(mock_response().body(patterned_bytes(70'000)).until_close());
    http::client client(options());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), patterned_bytes(70'000));
}

INSTANTIATE_TEST_SUITE_P(transports, fault, ::testing::ValuesIn(tested_transports()), transport_name);
