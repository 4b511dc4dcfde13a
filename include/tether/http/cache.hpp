#pragma once
/// @file
/// `tether::http::cache_interceptor`: an HTTP cache (RFC 9111, as a private
/// client cache) that also answers when the network fails.

#include <tether/core/error.hpp>
#include <tether/http/cache_store.hpp>
#include <tether/http/interceptor.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::http {

/// Where a GET's response comes from. Set per request with
/// `req.options().tags.set(http::fetch_policy::network_first)`.
enum class fetch_policy {
    /// HTTP's own rules: a fresh entry answers; a stale one is revalidated
    /// (If-None-Match / If-Modified-Since); a miss goes to the server.
    cache_first,
    /// Always asks the server (conditionally when an entry exists); the
    /// cache answers only when the network fails.
    network_first,
    /// Never reads the cache and never falls back; responses are still stored.
    network_only,
    /// Never contacts the server: an entry within `max_stale` answers,
    /// otherwise the call fails with errc::cache_miss.
    cache_only,
    /// An entry within `max_stale` answers at once, even stale; a stale one
    /// is refreshed in the background for the next call.
    stale_while_revalidate,
};

[[nodiscard]] std::string_view to_string(fetch_policy p) noexcept;

/// How a response was produced.
enum class cache_source {
    network,      ///< from the server: nothing usable was cached (a miss)
    cache,        ///< from the cache, without contacting the server (a hit)
    revalidated,  ///< the server confirmed the cached entry (304); body from the cache
    fallback,     ///< the network failed and a cached response answered instead
};

[[nodiscard]] std::string_view to_string(cache_source s) noexcept;

/// Attached by the cache interceptor to each response it returns for a GET:
/// `r->tags().get<http::cache_info>()`.
struct cache_info {
    cache_source source = cache_source::network;
    /// The response is older than its freshness lifetime: show it as such.
    bool stale = false;
    /// Its age (RFC 9111 §4.2.3) when it was returned.
    std::chrono::seconds age{0};
    /// For a fallback: what the network call got instead ("HTTP 503",
    /// "connection_refused: ...").
    std::string fallback_reason;
    /// The response was written to the store.
    bool stored = false;
};

struct cache_options {
    /// Where entries live; unset: a 10 MiB `memory_cache_store()`.
    std::shared_ptr<cache_store> store;
    /// For requests that carry no `fetch_policy` tag.
    fetch_policy default_policy = fetch_policy::cache_first;
    /// Answer a GET from the cache when the network fails (a network error,
    /// a timeout, an open circuit or a 5xx), with a stored response up to
    /// `max_stale` past its freshness. Never for responses marked
    /// must-revalidate or no-cache, as RFC 9111 §4.2.4 requires.
    bool offline_fallback = true;
    /// How stale an entry may be and still answer a fallback, `cache_only`
    /// or `stale_while_revalidate`. A request's `Cache-Control: max-stale=N`
    /// overrides it.
    std::chrono::seconds max_stale{std::chrono::hours(24 * 7)};
    /// Larger bodies are not stored.
    std::size_t max_entry_bytes = std::size_t{8} << 20;
    /// Request headers whose values partition the cache: a response is only
    /// ever served to requests with the same values (one user's data never
    /// reaches another token). A response to a request with Authorization is
    /// stored only when it allows it (public, must-revalidate or s-maxage).
    std::vector<std::string> partition_headers{"Authorization", "Cookie"};
    /// Told when the store fails; the call goes on as if nothing were cached.
    std::function<void(const error&)> on_store_error;
    /// Told when a background refresh (`stale_while_revalidate`) ends, with
    /// what it got — e.g. to show the fresh data. Runs on the client's executor.
    std::function<void(const request&, const result<response>&)> on_background_refresh;
    /// The wall clock ages are computed with; unset: system_clock. Tests set it.
    std::function<std::chrono::system_clock::time_point()> now;
};

/// The interceptor. It caches GET responses (status 200, 203, 204, 300,
/// 301, 308, 404, 405, 410, 414, 501 — and others with explicit freshness),
/// honouring Cache-Control (max-age, no-store, no-cache, must-revalidate,
/// private, public; s-maxage ignored as a private cache), Expires, Vary and
/// a heuristic freshness of 10 % of the Last-Modified age. A request's own
/// Cache-Control (no-cache, no-store, max-age, max-stale, only-if-cached)
/// is honoured too. A successful POST, PUT, PATCH or DELETE invalidates
/// what is stored for its URL. Calls that stream to a sink, ask for a
/// range or carry their own conditional headers bypass the cache.
///
/// Put it outside the retry interceptor, so that the cache falls back only
/// once the retries are spent:
/// @code
/// auto store = http::open_sqlite_cache_store(dir / "http-cache.sqlite").value();
/// http::cache_options cache;
/// cache.store = store;
/// opts.interceptors = {http::cache_interceptor(cache), http::retry_interceptor()};
/// ...
/// auto r = co_await client.send(http::request::get("/feed"));
/// if (auto* info = r->tags().get<http::cache_info>(); info && info->source == http::cache_source::fallback)
///     show_offline_banner(info->age);
/// @endcode
[[nodiscard]] std::shared_ptr<interceptor> cache_interceptor(cache_options options = {});

}  // namespace tether::http
