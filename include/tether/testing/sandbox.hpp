#pragma once
/// @file
/// `tether::testing::sandbox`: a small local backend to try every feature
/// against, with no external server.

#include <tether/testing/mock_server.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tether::testing {

struct sandbox_options {
    /// 0 picks a free port.
    std::uint16_t port = 0;
    /// Users created at start (user1 ... userN).
    int seed_users = 25;
};

/// A REST backend on 127.0.0.1, built on `mock_server`. What the README
/// demo, the examples and the docs run against:
///
/// - `GET /health` — `{"status": "ok"}`
/// - `GET /users?page=&limit=` — `{"data": [...], "page", "limit", "total"}`
/// - `POST /users`, `GET|PUT|PATCH|DELETE /users/{id}` — users are
///   `{"id", "name", "email"}`; invalid fields give 422 problem+json with
///   field errors (RFC 9457), a duplicate email 409, an unknown id 404
/// - `GET /status/{code}` — answers that status (429 and 503 with Retry-After: 1)
/// - `GET /delay/{ms}` — answers after `ms` milliseconds (at most 60 s)
/// - `GET /flaky?fail=N` — fails N times with 503, then succeeds; counted per
///   client key (`X-Client-Key` header or `key` query parameter)
/// - `GET /drop` — closes the connection without answering
/// - `ANY /echo` — the request as JSON (method, path, query, headers, body)
///
/// @par Thread Safety
/// Safe to use from any thread; requests are served on the server's thread.
class sandbox {
public:
    explicit sandbox(sandbox_options options = {});
    ~sandbox();
    sandbox(const sandbox&) = delete;
    sandbox& operator=(const sandbox&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept { return server_.port(); }
    [[nodiscard]] std::string url(std::string_view path = "/") const { return server_.url(path); }
    /// The server underneath, e.g. to read what it received.
    [[nodiscard]] mock_server& server() noexcept { return server_; }

    struct store;

private:
    mock_server server_;
    std::shared_ptr<store> store_;
};

}  // namespace tether::testing
