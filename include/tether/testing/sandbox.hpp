#pragma once
/// @file
/// `tether::testing::sandbox`: a small local backend to try every feature
/// against, with no external server.

#include <tether/testing/mock_server.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tether::testing {

/// What `sandbox::outage` does to every route outside `/admin/`.
enum class outage_mode {
    /// Serve normally.
    none,
    /// Every request: the connection is reset (TCP RST) once the request has
    /// been read, with no answer. The closest the sandbox gets to "connection
    /// refused" while it keeps listening: the client sees a reset, and its
    /// request was sent (though never processed).
    refuse,
    /// Every other request (the 1st, 3rd ... after the switch): the
    /// connection is closed (FIN) without an answer, before any processing.
    /// A request dropped on a reused keep-alive connection looks to a
    /// client like an idle connection the server had just closed: tether's
    /// transports send a request that may be sent twice (an idempotent
    /// method, or one with an Idempotency-Key) once more on a new
    /// connection, where it is the next request and is served. To see
    /// every drop, send with `Connection: close`.
    drop,
    /// Every other request (the 1st, 3rd ... after the switch): 503 with
    /// `Retry-After: 1`, before any processing. ("503" in JSON.)
    unavailable,
};

/// Faults drawn per request on the `/chaos/` routes. Each request draws one
/// number in [0, 100): below `percent_503` it gets a 503 (no Retry-After),
/// then `percent_drop` has its connection closed without an answer, then
/// `percent_slow` is answered after `slow_delay`; the rest is answered at
/// once. On `POST /chaos/orders` half of the drops happen after the order
/// was applied (the answer is lost, the client cannot tell), the other half
/// before. The draws come from a `std::mt19937_64` seeded with `seed`: the
/// same seed gives the same sequence (under concurrency the order in which
/// requests arrive may still vary).
struct sandbox_fault_mix {
    int percent_503 = 0;
    int percent_drop = 0;
    int percent_slow = 0;
    std::chrono::milliseconds slow_delay{300};
    std::uint64_t seed = 1;
};

/// What the `/chaos/` routes did, for checking a client's reliability.
struct sandbox_effects {
    std::uint64_t requests = 0;  ///< requests that reached a /chaos/ route
    std::uint64_t faults_503 = 0;
    std::uint64_t dropped = 0;               ///< all drops, before or after an effect
    std::uint64_t dropped_after_effect = 0;  ///< drops whose order was applied
    std::uint64_t slowed = 0;
    std::uint64_t orders_applied = 0;
    /// Requests whose `Idempotency-Key` was already known (a replay, a 409
    /// or a 422).
    std::uint64_t repeated_keys = 0;
    /// Orders applied although an order with the same `client_order_id` had
    /// been applied before, whatever their keys: must stay 0.
    std::uint64_t duplicated_effects = 0;
    std::uint64_t key_conflicts = 0;   ///< 409: the key's first request was still in flight
    std::uint64_t key_mismatches = 0;  ///< 422: the key came with another body
};

/// How one cacheable resource (`/cache/{name}`) stands.
struct sandbox_cache_stats {
    std::int64_t version = 0;  ///< 0: never touched
    std::uint64_t ok = 0;            ///< 200s served (all of its GET routes)
    std::uint64_t not_modified = 0;  ///< 304s served
};

/// How the sandbox's token endpoints behave.
struct sandbox_auth_settings {
    /// The password every user name signs in with.
    std::string password = "password";
    /// `expires_in` of the access tokens it issues.
    std::chrono::seconds access_token_lifetime{3600};
    /// Holds each refresh's answer back this long (to let calls pile up).
    std::chrono::milliseconds refresh_delay{0};
    /// When not 0, every refresh fails with this status (400 and 401 as
    /// `invalid_grant`, others as `server_error`).
    int refresh_fails_with = 0;
};

/// What the token endpoints saw.
struct sandbox_auth_stats {
    std::uint64_t logins = 0;
    std::uint64_t refreshes = 0;
    std::uint64_t reused_refresh_tokens = 0;  ///< a spent (rotated) refresh token came back
    std::uint64_t protected_requests = 0;     ///< calls to GET /auth/me
    std::uint64_t rejected_tokens = 0;        ///< of those, with an unknown or expired token
};

struct sandbox_options {
    /// 0 picks a free port.
    std::uint16_t port = 0;
    /// Users created at start (user1 ... userN).
    int seed_users = 25;
    /// The fault mix of the `/chaos/` routes at start (none). The sandbox's
    /// constructor throws std::invalid_argument for an invalid one (see
    /// `sandbox::fault_mix`).
    sandbox_fault_mix faults{};
};

/// A REST backend on 127.0.0.1, built on `mock_server`. What the README
/// demo, the examples, the docs and the reliability benchmark run against:
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
/// Caching (RFC 9111; `{name}` is letters, digits, `.`, `_`, `-`; a resource
/// starts at version 1 when first touched):
/// - `GET /cache/{name}?max_age=N` — `{"name", "version", "served_at"}` with
///   `Cache-Control: max-age=N` (default 60; 0 gives `no-cache`), a strong
///   `ETag: "<name>-v<version>"`, `Last-Modified` and `Date`. 304 (ETag and
///   Cache-Control, no body) when `If-None-Match` matches (weak comparison;
///   `*` and lists too) or, without If-None-Match, when `If-Modified-Since`
///   is not older than Last-Modified (RFC 9110 §13.2.2).
/// - `PUT /cache/{name}` — bumps the version (the body is ignored); answers
///   `{"name", "version"}`. Last-Modified moves on by at least one second,
///   so a change within the same second is still seen.
/// - `GET /cache/{name}/vary` — `Vary: Accept-Language`; the body (and its
///   ETag `"<name>-v<version>-<lang>"`) says hello in en, fr, de or es,
///   picked from Accept-Language by q-value (en otherwise).
/// - `GET /cache/{name}/private` — `Cache-Control: private, max-age=60`; the
///   body names the user of `Authorization: Bearer <user>` (ETag
///   `"<name>-v<version>-<user>"`); 401 without one. Both take `max_age`
///   as above and answer conditional requests the same way.
/// - `GET /cache/{name}/stats` — `{"name", "version", "ok", "not_modified"}`:
///   200s and 304s served by the three routes above (C++: `cache_stats`).
///
/// Rate limiting:
/// - `GET /retry-after/{seconds}?times=N` — 429 with `Retry-After: <seconds>`
///   N times (default 1), then 200 `{"ok": true, "throttled_before_success"}`;
///   counted per client key (as /flaky) and path. With `date=1`: 503 with
///   an HTTP-date Retry-After at least `seconds` ahead (rounded up to a whole
///   second).
///
/// Tokens (OAuth 2.0-style JSON; C++: `auth_settings()`, `auth_stats()`):
/// - `POST /auth/login` `{"username", "password"}` — `{"access_token",
///   "refresh_token", "token_type": "Bearer", "expires_in"}`; any user name
///   with the configured password (default "password"), else 401
///   `{"error": "invalid_grant"}`.
/// - `POST /auth/refresh` `{"refresh_token"}` — a new pair; the old refresh
///   token is spent (rotation) and gives 400 `invalid_grant` when used again.
/// - `POST /auth/logout` (with the access token) — revokes the user's tokens; 204.
/// - `GET /auth/me` — `{"username"}` for a valid access token, else 401 with
///   `WWW-Authenticate: Bearer error="invalid_token"`.
/// - `POST /admin/tokens/expire` — every access token issued so far stops
///   working (C++: `expire_access_tokens()`).
///
/// Outages (C++: `outage()`): `POST /admin/outage` `{"mode": "none" |
/// "refuse" | "drop" | "503"}` (`GET` reads it) switches every route outside
/// `/admin/`; see `outage_mode` for exactly what each does.
///
/// Chaos, for reliability benchmarks (faults: `sandbox_fault_mix`):
/// - `GET /chaos/items/{id}` — `{"id", "name"}`, after the fault draw
/// - `POST /chaos/orders` — body `{"client_order_id": "<unique>", ...}`
///   records an order and answers 201 `{"order_id", "client_order_id"}`.
///   Honours `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header):
///   a known key answers the first result again (`Idempotent-Replayed:
///   true`) without a new order; the same key with another body gives 422;
///   while the key's first request is still in flight, 409. A key is
///   remembered once its order is applied (a 503, a drop before the order
///   or a 422 leaves it unused). A body without
///   a string `client_order_id` gives 422. `?processing_ms=N` (at most
///   10000) holds the answer back N ms, the key being in flight meanwhile.
/// - `POST /admin/faults` `{"percent_503", "percent_drop", "percent_slow",
///   "slow_ms", "seed"}` sets the mix (C++: `fault_mix()`; missing fields
///   take `sandbox_fault_mix`'s defaults, an invalid mix gives 422); `GET`
///   reads it.
/// - `GET /admin/effects` — the `sandbox_effects` counters as JSON, under
///   the same names (C++: `effects()`).
///
/// @code
/// tether::testing::sandbox box({.faults = {.percent_503 = 30, .percent_drop = 10}});
/// http::client client({.base_url = box.url("/")});
/// ... client.execute(http::request::post("chaos/orders", ...)) ...
/// EXPECT_EQ(box.effects().duplicated_effects, 0u);
/// box.outage(tether::testing::outage_mode::unavailable);
/// @endcode
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

    /// Switches the outage simulation (see `outage_mode`); restarts its
    /// every-other count.
    void outage(outage_mode mode);
    [[nodiscard]] outage_mode outage() const;

    /// Replaces the fault mix of the `/chaos/` routes and reseeds the draws.
    /// Throws std::invalid_argument when a percentage is negative or they
    /// add up to more than 100.
    void fault_mix(sandbox_fault_mix mix);
    [[nodiscard]] sandbox_fault_mix fault_mix() const;

    /// What the `/chaos/` routes did so far.
    [[nodiscard]] sandbox_effects effects() const;

    /// The token endpoints' behaviour, and what they saw.
    void auth_settings(sandbox_auth_settings settings);
    [[nodiscard]] sandbox_auth_settings auth_settings() const;
    [[nodiscard]] sandbox_auth_stats auth_stats() const;
    /// Every access token issued so far stops working (refresh tokens still do).
    void expire_access_tokens();

    /// How the cacheable resource `name` stands (all zero if never touched).
    [[nodiscard]] sandbox_cache_stats cache_stats(std::string_view name) const;

    struct store;

private:
    mock_server server_;
    std::shared_ptr<store> store_;
};

}  // namespace tether::testing
