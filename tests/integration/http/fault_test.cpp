// Servers that drop, reset, stall or answer garbage give clear typed
// errors: never a crash, a hang or a silently truncated body.

#include "support.hpp"

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

}  // namespace

TEST(fault, each_broken_answer_gives_its_typed_error) {
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
    for (auto& c : cases) {
        SCOPED_TRACE(c.name);
        mock_server server;
        server.enqueue(c.response);
        auto opts = quick_options();
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
}

TEST(fault, a_sequence_of_failures_then_success_is_served_in_order) {
    mock_server server;
    server.enqueue(mock_response(503).header("Retry-After", "0"));
    server.enqueue(mock_response(429).header("Retry-After", "1"));
    server.enqueue(mock_response(502));
    server.enqueue(mock_response::text("finally"));
    http::client client(quick_options());
    std::vector<std::string> seen;
    for (int i = 0; i < 4; ++i) {
        auto r = client.execute(http::request::get(server.url("/")));
        seen.push_back(r ? r->body() : std::string(to_string(r.error().code())));
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"server_error", "rate_limited", "server_error", "finally"}));
}

TEST(fault, a_reused_connection_that_died_is_replaced_once_transparently) {
    // A kept-alive connection the server has dropped is indistinguishable
    // from a live one until it is used; like OkHttp's retryOnConnectionFailure
    // and curl, the request goes once more on a fresh connection when
    // nothing at all came back on the reused one.
    mock_server server;
    server.enqueue(mock_response::text("first"));
    server.enqueue(mock_response().reset());
    server.enqueue(mock_response::text("on a fresh connection"));
    http::client client(quick_options());
    ASSERT_TRUE(client.execute(http::request::get(server.url("/"))));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "on a fresh connection");
    EXPECT_EQ(server.connection_count(), 2u);
}

TEST(fault, connection_refused_and_dns_failure_are_network_errors) {
    http::client client(quick_options());
    auto refused = client.execute(http::request::get("http://127.0.0.1:1/"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), errc::connection_refused);
    EXPECT_EQ(classify(refused.error()), error_class::transient);
    EXPECT_THROW(refused.value(), network_error);

    auto unknown = client.execute(http::request::get("http://no-such-host.invalid/"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code(), errc::dns_failed);
}

TEST(fault, a_server_that_closes_an_idle_kept_alive_connection_does_not_fail_the_next_call) {
    mock_server server;
    server.enqueue(mock_response::text("first").close());
    server.enqueue(mock_response::text("second"));
    http::client client(quick_options());
    ASSERT_TRUE(client.execute(http::request::get(server.url("/"))));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "second");
}

TEST(fault, a_body_delimited_by_close_is_read_whole) {
    mock_server server;
    server.enqueue(mock_response().body(patterned_bytes(70'000)).until_close());
    http::client client(quick_options());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), patterned_bytes(70'000));
}
