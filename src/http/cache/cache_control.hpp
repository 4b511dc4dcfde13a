#pragma once
// Cache-Control directives (RFC 9111 §5.2), as requests and responses carry them.

#include <tether/http/headers.hpp>

#include <cstdint>
#include <optional>

namespace tether::http::cache {

struct cache_directives {
    bool no_store = false;
    bool no_cache = false;
    bool must_revalidate = false;  // also set by proxy-revalidate
    bool is_public = false;
    bool is_private = false;
    bool only_if_cached = false;
    std::optional<std::int64_t> max_age;  // an unparsable max-age reads as 0: stale (§1.2.2)
    std::optional<std::int64_t> s_maxage;
    std::optional<std::int64_t> min_fresh;
    std::optional<std::int64_t> max_stale;  // a bare max-stale reads as "any staleness"
};

// The directives of every Cache-Control line in `fields`; a request's
// `Pragma: no-cache` counts as no-cache when it has no Cache-Control.
[[nodiscard]] cache_directives parse_cache_control(const headers& fields);

// delta-seconds (§1.2.2): digits only, capped at 2^31; nullopt otherwise.
[[nodiscard]] std::optional<std::int64_t> parse_delta_seconds(std::string_view text) noexcept;

}  // namespace tether::http::cache
