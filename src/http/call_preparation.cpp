#include "call_preparation.hpp"

#include "../core/ascii.hpp"

#include <tether/core/redact.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>

namespace tether::http::detail {

namespace {

error bad_url(std::string_view url, std::string_view why) {
    return error(errc::invalid_url, "'" + redact_url(url) + "' is not a valid URL (" + std::string(why) +
                                        "); check for spaces or unescaped characters");
}

bool starts_with_http_scheme(std::string_view url) noexcept {
    using tether::detail::iequals;
    return (url.size() > 7 && iequals(url.substr(0, 7), "http://")) ||
           (url.size() > 8 && iequals(url.substr(0, 8), "https://"));
}

// Everything but RFC 3986 unreserved characters is percent-encoded, like
// encodeURIComponent: servers that read the query as a form turn '+' into a
// space, so neither a space nor a literal '+' may travel unencoded.
std::string encode_component(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        }
    }
    return out;
}

result<std::string> append_query(std::string url, const std::vector<std::pair<std::string, std::string>>& params) {
    if (params.empty()) return url;
    auto parsed = boost::urls::parse_uri_reference(url);
    if (!parsed) return bad_url(url, parsed.error().message());
    boost::urls::url u = *parsed;
    // "x?" has an empty query: appending to it would give "x?&a=b".
    if (u.has_query() && u.encoded_query().empty()) u.remove_query();
    auto query = u.encoded_params();
    for (const auto& [name, value] : params) {
        query.append(boost::urls::param_pct_view(encode_component(name), encode_component(value)));
    }
    return std::string(u.buffer());
}

void merge_headers(const client_options& defaults, request& req) {
    auto& h = req.headers();
    // A default is left out when the request set that name itself, judged
    // on the request as given (its first `given` fields): a name repeated
    // among the defaults (X-Feature: a, X-Feature: b) is sent with all its
    // values.
    const auto given = static_cast<std::ptrdiff_t>(h.size());
    auto set_by_request = [&](std::string_view name) {
        return std::any_of(h.begin(), h.begin() + given,
                           [&](const header_field& f) { return tether::detail::iequals(f.name, name); });
    };
    for (const auto& field : defaults.default_headers) {
        if (!set_by_request(field.name)) h.add(field.name, field.value);
    }
    if (!defaults.user_agent.empty() && !h.contains("User-Agent")) h.add("User-Agent", defaults.user_agent);
    if (!req.body().empty() && !req.body().content_type().empty() && !h.contains("Content-Type")) {
        h.add("Content-Type", req.body().content_type());
    }
}

call_options resolve_options(const client_options& defaults, const request_options& o) {
    call_options out;
    out.connect_timeout = o.connect_timeout.value_or(defaults.connect_timeout);
    out.read_timeout = o.read_timeout.value_or(defaults.read_timeout);
    auto total = o.total_timeout.value_or(defaults.total_timeout);
    if (total.count() > 0) out.deadline = std::chrono::steady_clock::now() + total;
    out.max_body_size = o.max_body_size ? o.max_body_size : defaults.max_body_size;
    out.max_redirects = o.max_redirects.value_or(defaults.max_redirects);
    out.allow_insecure_redirects = defaults.allow_insecure_redirects;
    out.sink = o.sink;
    out.on_upload_progress = o.on_upload_progress;
    out.on_download_progress = o.on_download_progress;
    out.cancel = o.cancel;
    return out;
}

// RFC 3986 §5.2.4 removes ".." segments that would climb above the root
// ("/../g" is "/g"); Boost.URL 1.81's resolve keeps them (boostorg/url#808).
void drop_dot_segments_above_root(boost::urls::url& u) {
    std::string path(u.encoded_path());
    bool changed = false;
    while (path.starts_with("/../") || path == "/..") {
        path = path.size() > 3 ? path.substr(3) : "/";
        changed = true;
    }
    if (changed) u.set_encoded_path(path);
}

}  // namespace

result<std::string> resolve_url(std::string_view base, std::string_view reference) {
    // An absolute http(s) URL needs no resolving; the chain's last link
    // parses and checks it once, so it is not parsed here too.
    if (starts_with_http_scheme(reference)) return std::string(reference);
    auto ref = boost::urls::parse_uri_reference(reference);
    if (!ref) return bad_url(reference, ref.error().message());
    if (ref->has_scheme()) return std::string(reference);
    if (base.empty()) {
        return error(errc::invalid_url, "'" + redact_url(reference) +
                                            "' is relative and the client has no base_url; set "
                                            "client_options::base_url or use an absolute URL");
    }
    auto b = boost::urls::parse_uri(base);
    if (!b) {
        return error(errc::invalid_url, "the base_url '" + redact_url(base) + "' is not a valid absolute URL (" +
                                            b.error().message() + ")");
    }
    boost::urls::url out;
    if (auto rv = boost::urls::resolve(*b, *ref, out); !rv) return bad_url(reference, rv.error().message());
    drop_dot_segments_above_root(out);
    return std::string(out.buffer());
}

result<prepared_call> prepare_call(const client_options& defaults, request req) {
    // An absolute http(s) URL without query parameters to add stays as it
    // is (no copy); the chain's last link checks it.
    if (!starts_with_http_scheme(req.url()) || !req.query_params().empty()) {
        const auto& base = req.options().base_url ? *req.options().base_url : defaults.base_url;
        auto url = resolve_url(base, req.url());
        if (!url) return std::move(url).error().with_request(req.method(), req.url());
        auto with_query = append_query(std::move(*url), req.query_params());
        if (!with_query) return std::move(with_query).error().with_request(req.method(), req.url());
        req.url(std::move(*with_query));
        req.clear_query_params();
    }
    merge_headers(defaults, req);
    auto options = resolve_options(defaults, req.options());
    auto accept = req.options().accept_status ? *req.options().accept_status : defaults.accept_status;
    if (!accept) accept = default_status_policy;
    return prepared_call{std::move(req), std::move(options), std::move(accept)};
}

}  // namespace tether::http::detail
