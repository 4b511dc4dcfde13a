#pragma once
// How old a stored response is and how long it stays fresh (RFC 9111 §4.2).

#include <tether/http/cache_store.hpp>

#include "cache_control.hpp"

#include <chrono>

namespace tether::http::cache {

struct freshness {
    std::chrono::seconds lifetime{0};
    std::chrono::seconds age{0};
    [[nodiscard]] bool fresh() const noexcept { return age < lifetime; }
    // How long past its lifetime (0 while fresh).
    [[nodiscard]] std::chrono::seconds staleness() const noexcept {
        return fresh() ? std::chrono::seconds{0} : age - lifetime;
    }
};

// The freshness lifetime (§4.2.1): max-age, else Expires − Date, else 10 %
// of Date − Last-Modified (a heuristic, §4.2.2, for responses that may have
// one and URLs without a query), else zero.
[[nodiscard]] std::chrono::seconds freshness_lifetime(const cached_response& entry, const cache_directives& directives);

// The current age (§4.2.3) at `now`.
[[nodiscard]] std::chrono::seconds current_age(const cached_response& entry, std::chrono::system_clock::time_point now);

[[nodiscard]] freshness evaluate(const cached_response& entry, const cache_directives& directives,
                                 std::chrono::system_clock::time_point now);

// Statuses a cache may store without explicit freshness (RFC 9110 §15.1),
// less 206 (ranges are not cached).
[[nodiscard]] bool heuristically_cacheable(int status) noexcept;

}  // namespace tether::http::cache
