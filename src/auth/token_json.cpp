#include "token_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <tuple>

namespace tether::auth::detail {

namespace {

using time_point = std::chrono::system_clock::time_point;

// The messages name members, never values: the values are secrets.
error damaged(const std::string& where, const std::string& what) {
    return error(errc::io_failed, where + " is damaged: " + what);
}

result<boost::json::value> parse(std::string_view text, const std::string& where) {
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec) {
        return error(errc::io_failed, where + " is not a tether token store: " +
                                          (text.empty() ? std::string("it is empty")
                                                        : "it is not JSON (" + ec.message() + ")"));
    }
    return value;
}

bool marked(const boost::json::value& doc) {
    if (!doc.is_object()) return false;
    const auto* format = doc.as_object().if_contains("format");
    return format && format->is_string() && format->as_string() == token_file_format;
}

result<void> check_version(const boost::json::object& doc, const std::string& where) {
    const auto* v = doc.if_contains("version");
    if (!v || !(v->is_int64() || v->is_uint64())) return damaged(where, "\"version\" is missing or not an integer");
    if (v->is_int64() && v->get_int64() < 1) return damaged(where, "\"version\" is not a positive integer");
    const bool newer = v->is_uint64() || v->get_int64() > token_file_version;
    if (newer) {
        return error(errc::io_failed,
                     where + " was written by a newer tether (token store version " +
                         (v->is_uint64() ? std::to_string(v->get_uint64()) : std::to_string(v->get_int64())) +
                         "; this one reads version " + std::to_string(token_file_version) + ")");
    }
    return {};
}

result<std::string> string_member(const boost::json::object& o, std::string_view key, bool required,
                                  const std::string& where) {
    const auto* v = o.if_contains(key);
    if (!v) {
        if (required) return damaged(where, "\"tokens." + std::string(key) + "\" is missing");
        return std::string();
    }
    if (!v->is_string()) return damaged(where, "\"tokens." + std::string(key) + "\" is not a string");
    return std::string(v->as_string());
}

result<std::optional<time_point>> expires_at(const boost::json::object& o, const std::string& where) {
    const auto* v = o.if_contains("expires_at");
    if (!v) return std::optional<time_point>();
    // Whole seconds that system_clock can hold (±292 years with libstdc++).
    constexpr auto limit = std::chrono::duration_cast<std::chrono::seconds>(time_point::duration::max()).count();
    if (!v->is_int64() || v->get_int64() > limit || v->get_int64() < -limit) {
        return damaged(where, "\"tokens.expires_at\" is not a whole number of seconds since 1970 that this "
                              "platform can represent");
    }
    return std::optional(time_point(std::chrono::seconds(v->get_int64())));
}

result<std::vector<std::string>> scopes(const boost::json::object& o, const std::string& where) {
    const auto* v = o.if_contains("scopes");
    if (!v) return std::vector<std::string>();
    if (!v->is_array()) return damaged(where, "\"tokens.scopes\" is not an array");
    std::vector<std::string> out;
    for (const auto& s : v->as_array()) {
        if (!s.is_string()) return damaged(where, "\"tokens.scopes\" has a member that is not a string");
        out.emplace_back(s.as_string());
    }
    return out;
}

result<token_set> read_tokens(const boost::json::object& o, const std::string& where) {
    token_set t;
    for (auto [key, field, required] : {std::tuple{"access_token", &t.access_token, true},
                                        std::tuple{"token_type", &t.token_type, true},
                                        std::tuple{"refresh_token", &t.refresh_token, false},
                                        std::tuple{"id_token", &t.id_token, false}}) {
        auto s = string_member(o, key, required, where);
        if (!s) return std::move(s).error();
        *field = std::move(*s);
    }
    auto expiry = expires_at(o, where);
    if (!expiry) return std::move(expiry).error();
    t.expires_at = *expiry;
    auto granted = scopes(o, where);
    if (!granted) return std::move(granted).error();
    t.scopes = std::move(*granted);
    return t;
}

}  // namespace

std::string encode_token_file(const token_set& tokens) {
    boost::json::object t;
    t["access_token"] = tokens.access_token;
    t["token_type"] = tokens.token_type;
    if (!tokens.refresh_token.empty()) t["refresh_token"] = tokens.refresh_token;
    if (!tokens.id_token.empty()) t["id_token"] = tokens.id_token;
    if (tokens.expires_at) {
        t["expires_at"] =
            std::chrono::floor<std::chrono::seconds>(tokens.expires_at->time_since_epoch()).count();
    }
    boost::json::array granted;
    for (const auto& s : tokens.scopes) granted.emplace_back(s);
    t["scopes"] = std::move(granted);

    boost::json::object doc;
    doc["format"] = token_file_format;
    doc["version"] = token_file_version;
    doc["tokens"] = std::move(t);
    return boost::json::serialize(doc) + "\n";
}

result<token_set> decode_token_file(std::string_view text, const std::string& where) {
    auto doc = parse(text, where);
    if (!doc) return std::move(doc).error();
    if (!marked(*doc)) {
        return error(errc::io_failed, where + " is not a tether token store (it has no \"format\": \"" +
                                          std::string(token_file_format) +
                                          "\" member); it may belong to another application");
    }
    const auto& o = doc->as_object();
    if (auto r = check_version(o, where); !r) return std::move(r).error();
    const auto* tokens = o.if_contains("tokens");
    if (!tokens || !tokens->is_object()) return damaged(where, "\"tokens\" is missing or not an object");
    return read_tokens(tokens->as_object(), where);
}

bool has_token_file_marker(std::string_view text) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(text, ec);
    return !ec && marked(doc);
}

}  // namespace tether::auth::detail
