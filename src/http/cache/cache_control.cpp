#include "cache_control.hpp"

#include "../../core/ascii.hpp"

#include <limits>

namespace tether::http::cache {

namespace {

constexpr std::int64_t delta_seconds_cap = std::int64_t{1} << 31;

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Splits a field value at the commas that are not inside a quoted string.
template <class F>
void for_each_directive(std::string_view value, F&& on_directive) {
    bool quoted = false;
    bool escaped = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i < value.size()) {
            const char c = value[i];
            if (escaped) {
                escaped = false;
                continue;
            }
            if (quoted && c == '\\') {
                escaped = true;
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (c != ',' || quoted) continue;
        }
        if (auto d = trim(value.substr(start, i - start)); !d.empty()) on_directive(d);
        start = i + 1;
    }
}

std::string_view unquote(std::string_view v) noexcept {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
}

void apply(cache_directives& d, std::string_view directive) {
    std::string_view name = directive;
    std::optional<std::string_view> argument;
    if (auto eq = directive.find('='); eq != std::string_view::npos) {
        name = trim(directive.substr(0, eq));
        argument = unquote(trim(directive.substr(eq + 1)));
    }
    using tether::detail::iequals;
    auto seconds_or_zero = [&] { return argument ? parse_delta_seconds(*argument).value_or(0) : 0; };
    if (iequals(name, "no-store")) {
        d.no_store = true;
    } else if (iequals(name, "no-cache")) {
        // no-cache="field" may be treated as plain no-cache (§5.2.2.4).
        d.no_cache = true;
    } else if (iequals(name, "must-revalidate") || iequals(name, "proxy-revalidate")) {
        d.must_revalidate = true;
    } else if (iequals(name, "public")) {
        d.is_public = true;
    } else if (iequals(name, "private")) {
        d.is_private = true;
    } else if (iequals(name, "only-if-cached")) {
        d.only_if_cached = true;
    } else if (iequals(name, "max-age")) {
        // With duplicates the most restrictive wins.
        const auto v = seconds_or_zero();
        d.max_age = d.max_age ? std::min(*d.max_age, v) : v;
    } else if (iequals(name, "s-maxage")) {
        d.s_maxage = seconds_or_zero();
    } else if (iequals(name, "min-fresh")) {
        d.min_fresh = seconds_or_zero();
    } else if (iequals(name, "max-stale")) {
        d.max_stale = argument ? parse_delta_seconds(*argument).value_or(0) : std::numeric_limits<std::int64_t>::max();
    }
}

}  // namespace

std::optional<std::int64_t> parse_delta_seconds(std::string_view text) noexcept {
    if (text.empty()) return std::nullopt;
    std::int64_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        n = std::min(n * 10 + (c - '0'), delta_seconds_cap);
    }
    return n;
}

cache_directives parse_cache_control(const headers& fields) {
    cache_directives d;
    bool any = false;
    for (const auto& f : fields) {
        if (!tether::detail::iequals(f.name, "Cache-Control")) continue;
        any = true;
        for_each_directive(f.value, [&](std::string_view directive) { apply(d, directive); });
    }
    if (!any) {
        for (auto pragma : fields.get_all("Pragma")) {
            for_each_directive(pragma, [&](std::string_view directive) {
                if (tether::detail::iequals(directive, "no-cache")) d.no_cache = true;
            });
        }
    }
    return d;
}

}  // namespace tether::http::cache
