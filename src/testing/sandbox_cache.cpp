#include "sandbox_cache.hpp"

#include "sandbox_common.hpp"
#include "sandbox_conditional.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace tether::testing::detail {

namespace {

using std::chrono::system_clock;

std::optional<mock_response> invalid_name(const recorded_request& req) {
    if (is_plain_name(req.params.at("name"))) return std::nullopt;
    return problem(400, "Bad Request", "a resource name is 1 to 100 letters, digits, '.', '_' or '-'");
}

// The language of Accept-Language with the highest q-value among those the
// sandbox speaks (RFC 9110 §12.5.4, matching on the primary subtag); "en"
// when none fits.
std::string pick_language(const recorded_request& req) {
    static constexpr std::string_view spoken[] = {"en", "fr", "de", "es"};
    const auto header = req.headers.get("Accept-Language");
    if (!header) return "en";
    std::string_view rest = *header;
    std::string best = "en";
    double best_q = 0;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view entry = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        double q = 1;
        if (auto semi = entry.find(';'); semi != std::string_view::npos) {
            if (auto qpos = entry.find("q=", semi); qpos != std::string_view::npos) {
                q = std::strtod(std::string(entry.substr(qpos + 2)).c_str(), nullptr);
            }
            entry = entry.substr(0, semi);
        }
        while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
        std::string primary(entry.substr(0, entry.find('-')));
        while (!primary.empty() && primary.back() == ' ') primary.pop_back();
        for (auto& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (auto lang : spoken) {
            if (primary == lang && q > best_q) {
                best = primary;
                best_q = q;
            }
        }
    }
    return best;
}

std::string_view greeting(std::string_view lang) {
    if (lang == "fr") return "Bonjour";
    if (lang == "de") return "Hallo";
    if (lang == "es") return "Hola";
    return "Hello";
}

}  // namespace

cache_resources::resource& cache_resources::touch(const std::string& name) {
    auto [it, created] = resources_.try_emplace(name);
    if (created) it->second.last_modified = std::chrono::floor<std::chrono::seconds>(system_clock::now());
    return it->second;
}

mock_response cache_resources::answer(const recorded_request& req, representation rep) {
    if (auto bad = invalid_name(req)) return *bad;
    auto max_age = to_int(req.query_param("max_age").value_or("60"));
    if (!max_age || *max_age < 0 || *max_age > 31'536'000) {
        return problem(400, "Bad Request", "max_age must be a number of seconds from 0 to 31536000");
    }
    const std::string& name = req.params.at("name");
    const auto now = system_clock::now();
    std::lock_guard lock(mutex_);
    auto& res = touch(name);
    const std::string etag = "\"" + name + "-v" + std::to_string(res.version) + rep.etag_suffix + "\"";
    const std::string cache_control =
        rep.cache_control_prefix + (*max_age == 0 ? std::string("no-cache") : "max-age=" + std::to_string(*max_age));
    if (not_modified(req.headers, etag, res.last_modified)) {
        ++res.not_modified;
        // RFC 9110 §15.4.5: the fields a 200 would have carried for caches.
        mock_response r(304);
        r.header("ETag", etag).header("Cache-Control", cache_control).header("Date", http_date(now));
        if (!rep.vary.empty()) r.header("Vary", rep.vary);
        return r;
    }
    ++res.ok;
    rep.fields["name"] = name;
    rep.fields["version"] = res.version;
    rep.fields["served_at"] = rfc3339_ms(now);
    auto r = mock_response::json(rep.fields);
    r.header("ETag", etag)
        .header("Cache-Control", cache_control)
        .header("Last-Modified", http_date(res.last_modified))
        .header("Date", http_date(now));
    if (!rep.vary.empty()) r.header("Vary", rep.vary);
    return r;
}

mock_response cache_resources::get(const recorded_request& req) {
    return answer(req, {});
}

mock_response cache_resources::get_vary(const recorded_request& req) {
    const auto lang = pick_language(req);
    auto r = answer(req, representation{"-" + lang, {{"language", lang}, {"greeting", greeting(lang)}}, "",
                                        "Accept-Language"});
    if (r.status() == 200) r.header("Content-Language", lang);
    return r;
}

mock_response cache_resources::get_private(const recorded_request& req) {
    const auto auth = req.headers.get("Authorization").value_or("");
    const std::string_view scheme = "Bearer ";
    const auto user = auth.size() > scheme.size() && auth.substr(0, scheme.size()) == scheme
                          ? std::string(auth.substr(scheme.size()))
                          : std::string();
    if (!is_plain_name(user)) {
        auto r = problem(401, "Unauthorized", "send Authorization: Bearer <user> (letters, digits, '.', '_', '-')");
        r.header("WWW-Authenticate", "Bearer realm=\"sandbox\"");
        return r;
    }
    return answer(req, representation{"-" + user, {{"user", user}}, "private, ", ""});
}

mock_response cache_resources::put(const recorded_request& req) {
    if (auto bad = invalid_name(req)) return *bad;
    const std::string& name = req.params.at("name");
    std::lock_guard lock(mutex_);
    auto& res = touch(name);
    ++res.version;
    // Last-Modified has whole seconds: a change within the same second as
    // the previous one must still look newer to If-Modified-Since.
    const system_clock::time_point now = std::chrono::floor<std::chrono::seconds>(system_clock::now());
    res.last_modified = std::max(now, res.last_modified + std::chrono::seconds(1));
    auto r = mock_response::json(boost::json::object{{"name", name}, {"version", res.version}});
    r.header("ETag", "\"" + name + "-v" + std::to_string(res.version) + "\"");
    return r;
}

mock_response cache_resources::stats(const recorded_request& req) const {
    if (auto bad = invalid_name(req)) return *bad;
    const std::string& name = req.params.at("name");
    const auto s = stats_of(name);
    return mock_response::json(boost::json::object{
        {"name", name}, {"version", s.version}, {"ok", s.ok}, {"not_modified", s.not_modified}});
}

sandbox_cache_stats cache_resources::stats_of(std::string_view name) const {
    std::lock_guard lock(mutex_);
    auto it = resources_.find(name);
    if (it == resources_.end()) return {};
    return {it->second.version, it->second.ok, it->second.not_modified};
}

}  // namespace tether::testing::detail
