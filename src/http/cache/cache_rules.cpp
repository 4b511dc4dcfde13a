#include "cache_rules.hpp"

#include "cache_key.hpp"

#include "../../core/ascii.hpp"

#include <algorithm>
#include <limits>

namespace tether::http::cache {

namespace {

using std::chrono::seconds;
using tether::detail::iequals;

constexpr std::string_view conditional_fields[] = {"If-None-Match", "If-Modified-Since", "If-Match",
                                                   "If-Unmodified-Since", "If-Range", "Range"};

// Not stored: they describe one connection or one transfer (§3.1).
constexpr std::string_view unstored_fields[] = {"Connection", "Keep-Alive", "Transfer-Encoding", "Proxy-Connection",
                                                "Trailer", "Upgrade"};

// Kept from the stored response when a 304 arrives (§3.2): they describe
// the stored body, which the 304 does not carry.
constexpr std::string_view body_fields[] = {"Content-Length", "Content-Encoding", "Content-Range"};

bool one_of(std::string_view name, std::span<const std::string_view> names) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return iequals(n, name); });
}

seconds clamp_seconds(std::int64_t n) {
    constexpr auto cap = std::int64_t{100} * 365 * 24 * 3600;
    return seconds{std::clamp<std::int64_t>(n, 0, cap)};
}

}  // namespace

bool handles(const request& req, const call_options& opts) {
    if (req.method() != "GET" || opts.sink) return false;
    return std::none_of(std::begin(conditional_fields), std::end(conditional_fields),
                        [&](std::string_view name) { return req.headers().contains(name); });
}

bool invalidates(std::string_view method) noexcept {
    return method != "GET" && method != "HEAD" && method != "OPTIONS" && method != "TRACE";
}

request_rules rules_for(const request& req, const cache_options& options) {
    request_rules rules;
    const auto* tagged = req.options().tags.get<fetch_policy>();
    rules.policy = tagged ? *tagged : options.default_policy;
    const auto d = parse_cache_control(req.headers());
    if (d.only_if_cached) rules.policy = fetch_policy::cache_only;
    rules.may_store = !d.no_store;
    rules.must_validate = d.no_cache;
    rules.max_age = d.max_age;
    rules.min_fresh = d.min_fresh;
    rules.request_allows_stale = d.max_stale.has_value();
    rules.max_stale = d.max_stale ? clamp_seconds(*d.max_stale) : options.max_stale;
    return rules;
}

bool candidate::satisfies(const request_rules& rules) const noexcept {
    if (rules.must_validate || directives.no_cache) return false;
    if (rules.max_age && state.age.count() > *rules.max_age) return false;
    if (rules.min_fresh && (state.lifetime - state.age).count() < *rules.min_fresh) return false;
    return state.fresh();
}

bool candidate::may_serve_stale(const request_rules& rules) const noexcept {
    if (directives.no_cache || directives.must_revalidate) return false;
    return state.staleness() <= rules.max_stale;
}

bool candidate::has_validators() const noexcept {
    return entry->headers.contains("ETag") || entry->headers.contains("Last-Modified");
}

std::optional<candidate> select(const std::vector<std::shared_ptr<const cached_response>>& variants,
                                const request& req, const std::vector<std::string>& partition_headers,
                                std::chrono::system_clock::time_point now) {
    std::shared_ptr<const cached_response> best;
    for (const auto& v : variants) {
        if (!v) continue;
        auto wanted = variant_key(v->headers, req.headers(), partition_headers);
        if (!wanted || *wanted != v->variant) continue;
        if (!best || v->response_time > best->response_time) best = v;
    }
    if (!best) return std::nullopt;
    auto directives = parse_cache_control(best->headers);
    auto state = evaluate(*best, directives, now);
    return candidate{std::move(best), directives, state};
}

std::optional<cached_response> storable_entry(const request& req, const response& res, const cache_options& options,
                                              std::chrono::system_clock::time_point sent,
                                              std::chrono::system_clock::time_point received) {
    const int status = res.status();
    if (status < 200 || status == 206 || status == 304) return std::nullopt;
    // What a redirect led to belongs to another URL.
    if (res.redirects() != 0) return std::nullopt;
    if (res.body().size() > options.max_entry_bytes) return std::nullopt;
    const auto d = parse_cache_control(res.headers());
    if (d.no_store) return std::nullopt;
    // §3.5: a shared answer to a request with credentials needs explicit consent;
    // the partition keeps it to this user, the consent keeps it at all.
    if (req.headers().contains("Authorization") && !d.is_public && !d.must_revalidate && !d.s_maxage) {
        return std::nullopt;
    }
    const bool explicit_freshness = d.max_age || d.s_maxage || res.headers().contains("Expires");
    if (!explicit_freshness && !d.is_public && !d.is_private && !heuristically_cacheable(status)) return std::nullopt;
    auto variant = variant_key(res.headers(), req.headers(), options.partition_headers);
    if (!variant) return std::nullopt;

    cached_response e;
    e.variant = std::move(*variant);
    const auto& url = req.url();
    e.url = url.substr(0, url.find('#'));
    e.status = status;
    for (const auto& f : res.headers()) {
        if (!one_of(f.name, unstored_fields)) e.headers.add(f.name, f.value);
    }
    e.body = res.body();
    e.request_time = sent;
    e.response_time = received;
    return e;
}

request conditional(request req, const cached_response& entry) {
    if (auto etag = entry.headers.get("ETag")) req.headers().set("If-None-Match", std::string(*etag));
    if (auto modified = entry.headers.get("Last-Modified")) {
        req.headers().set("If-Modified-Since", std::string(*modified));
    }
    return req;
}

cached_response refreshed_by(const cached_response& entry, const response& not_modified,
                             std::chrono::system_clock::time_point sent,
                             std::chrono::system_clock::time_point received) {
    cached_response updated = entry;
    for (const auto& f : not_modified.headers()) {
        if (one_of(f.name, unstored_fields) || one_of(f.name, body_fields)) continue;
        updated.headers.remove(f.name);
    }
    for (const auto& f : not_modified.headers()) {
        if (one_of(f.name, unstored_fields) || one_of(f.name, body_fields)) continue;
        updated.headers.add(f.name, f.value);
    }
    updated.request_time = sent;
    updated.response_time = received;
    return updated;
}

response to_response(const cached_response& entry, std::chrono::seconds age) {
    response r(entry.status, entry.headers, entry.body);
    r.url(entry.url);
    r.headers().set("Age", std::to_string(age.count()));
    return r;
}

bool warrants_fallback(const result<response>& outcome) noexcept {
    if (outcome) return outcome->status() >= 500 && outcome->status() <= 599;
    const auto code = outcome.error().code();
    const auto kind = kind_of(code);
    return kind == error_kind::network || kind == error_kind::timeout || code == errc::circuit_open;
}

std::string fallback_reason(const result<response>& outcome) {
    if (outcome) return "HTTP " + std::to_string(outcome->status());
    return std::string(to_string(outcome.error().code())) + ": " + outcome.error().message();
}

}  // namespace tether::http::cache
