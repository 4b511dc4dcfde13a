#pragma once
/// @file
/// `tether::testing::mock_server`: an HTTP/1.1 server on loopback for tests.

#include <tether/testing/mock_response.hpp>
#include <tether/testing/recorded_request.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::testing {

/// Answers a request that matched a route.
using route_handler = std::function<mock_response(const recorded_request&)>;

struct mock_server_options {
    /// Serve HTTPS with a certificate made at start (see `ca_pem()`).
    bool tls = false;
    /// Host names and IP addresses the certificate is valid for.
    std::vector<std::string> certificate_names{"localhost", "127.0.0.1"};
    /// 0 picks a free port.
    std::uint16_t port = 0;
    /// Requests with a larger body are answered 413 and the connection closed.
    std::size_t max_body_size = 64 * 1024 * 1024;
    /// Accept CONNECT and tunnel to the requested host, as a forward proxy.
    bool allow_connect = false;
    /// With `tls`: serve this chain (PEM: the server's certificate, then its
    /// intermediates) and key (`private_key_pem`) instead of a certificate
    /// made at start; `ca_pem()` is then empty (see test_pki).
    std::string certificate_chain_pem{};
    std::string private_key_pem{};
    /// With `tls`: require a client certificate issued by one of these CAs
    /// (PEM), as a server doing mutual TLS; a connection without one fails
    /// its handshake and never reaches the script.
    std::string client_ca_pem{};
};

/// An in-process HTTP/1.1 server on 127.0.0.1, in the spirit of OkHttp's
/// MockWebServer: queue scripted responses or register routes, run the
/// code under test, then assert on the recorded requests.
///
/// Responses are chosen in this order: the queue (first in, first out),
/// then the routes (first match), then 404.
///
/// @code
/// tether::testing::mock_server server;
/// server.enqueue(mock_response(503));
/// server.enqueue(mock_response::json({{"ok", true}}));
/// ... client.execute(http::request::get(server.url("/status"))) ...
/// auto first = server.take_request();
/// EXPECT_EQ(first->path, "/status");
/// @endcode
///
/// @par Thread Safety
/// All members may be called from any thread while the server runs. Route
/// handlers run on the server's thread, one at a time.
class mock_server {
public:
    explicit mock_server(mock_server_options options = {});
    ~mock_server();
    mock_server(const mock_server&) = delete;
    mock_server& operator=(const mock_server&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept;
    /// "http://127.0.0.1:<port>" (https with TLS).
    [[nodiscard]] std::string origin() const;
    /// origin() + `path`.
    [[nodiscard]] std::string url(std::string_view path = "/") const;

    /// Answers the next request with `response`.
    void enqueue(mock_response response);
    /// Answers requests whose method is `method` ("*" for any) and whose path
    /// matches `pattern`: literal segments, `{name}` for one segment (its
    /// value lands in recorded_request::params), and a final `*` for the rest.
    void route(std::string method, std::string pattern, route_handler handler);

    /// The oldest request not yet taken, waiting up to `timeout` for one.
    [[nodiscard]] std::optional<recorded_request> take_request(
        std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// Every request received so far, in order.
    [[nodiscard]] std::vector<recorded_request> requests() const;
    [[nodiscard]] std::size_t request_count() const;
    /// Connections accepted so far.
    [[nodiscard]] std::size_t connection_count() const;
    /// The most connections that were open at the same time.
    [[nodiscard]] std::size_t max_open_connections() const;

    /// The CA that signed the server's certificate (TLS with a certificate
    /// made at start only, else empty).
    [[nodiscard]] const std::string& ca_pem() const noexcept;
    /// ca_pem() written to a file that lives as long as the server.
    [[nodiscard]] std::filesystem::path ca_file() const;

    /// Stops accepting, closes every connection and joins the thread.
    /// The destructor calls it.
    void stop();

    struct impl;

private:
    std::shared_ptr<impl> impl_;
};

}  // namespace tether::testing
