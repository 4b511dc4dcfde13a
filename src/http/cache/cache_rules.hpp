#pragma once
// The rules of a private HTTP cache (RFC 9111) as pure functions: what may
// be stored, what may answer a request, and how a 304 updates an entry.

#include <tether/http/cache.hpp>
#include <tether/http/cache_store.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>

#include "cache_control.hpp"
#include "freshness.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tether::http::cache {

// A GET that the cache handles; others pass through (a sink, a range or
// the caller's own conditional headers).
[[nodiscard]] bool handles(const request& req, const call_options& opts);

// A method whose success makes stored responses for its URL stale (§4.4).
[[nodiscard]] bool invalidates(std::string_view method) noexcept;

// What a request asks of the cache, from the policy and its Cache-Control.
struct request_rules {
    fetch_policy policy = fetch_policy::cache_first;
    bool may_store = true;
    bool must_validate = false;  // no-cache: never answer without asking the server
    std::optional<std::int64_t> max_age;
    std::optional<std::int64_t> min_fresh;
    std::chrono::seconds max_stale{0};
    bool request_allows_stale = false;  // the request itself sent max-stale
};

[[nodiscard]] request_rules rules_for(const request& req, const cache_options& options);

// A stored response, judged against a request at one moment.
struct candidate {
    std::shared_ptr<const cached_response> entry;
    cache_directives directives;
    freshness state;

    // Fresh enough for the request to be answered without asking the server.
    [[nodiscard]] bool satisfies(const request_rules& rules) const noexcept;
    // Stale, but allowed to answer (fallback, cache_only, swr, max-stale):
    // never for no-cache or must-revalidate responses (§4.2.4).
    [[nodiscard]] bool may_serve_stale(const request_rules& rules) const noexcept;
    [[nodiscard]] bool has_validators() const noexcept;
};

// The stored variant that matches `req` (partition and Vary), if any.
[[nodiscard]] std::optional<candidate> select(const std::vector<std::shared_ptr<const cached_response>>& variants,
                                              const request& req, const std::vector<std::string>& partition_headers,
                                              std::chrono::system_clock::time_point now);

// The entry to store for `res`, or nullopt when it must not be stored (§3).
[[nodiscard]] std::optional<cached_response> storable_entry(const request& req, const response& res,
                                                            const cache_options& options,
                                                            std::chrono::system_clock::time_point sent,
                                                            std::chrono::system_clock::time_point received);

// `req` with the validators of `entry` (If-None-Match, If-Modified-Since).
[[nodiscard]] request conditional(request req, const cached_response& entry);

// `entry` updated by a 304 (§4.3.4): the 304's fields replace the stored ones.
[[nodiscard]] cached_response refreshed_by(const cached_response& entry, const response& not_modified,
                                           std::chrono::system_clock::time_point sent,
                                           std::chrono::system_clock::time_point received);

// The response `entry` gives, with its Age.
[[nodiscard]] response to_response(const cached_response& entry, std::chrono::seconds age);

// A failure the cache may hide behind a stored response: the network or a
// timeout, an open circuit, or a 5xx.
[[nodiscard]] bool warrants_fallback(const result<response>& outcome) noexcept;
[[nodiscard]] std::string fallback_reason(const result<response>& outcome);

}  // namespace tether::http::cache
