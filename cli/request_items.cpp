#include "request_items.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <cctype>

namespace tether::cli {

namespace {

enum class separator { header, query, field, json_field, file };

struct split_item {
    separator kind;
    std::string key;
    std::string value;
};

// The separator that appears first wins; at the same position the longer
// one (":=" over ":", "==" over "="), as httpie decides.
std::optional<split_item> split(const std::string& item) {
    static constexpr std::array<std::pair<std::string_view, separator>, 5> separators{{
        {":=", separator::json_field},
        {"==", separator::query},
        {"=", separator::field},
        {":", separator::header},
        {"@", separator::file},
    }};
    std::size_t best = std::string::npos;
    std::pair<std::string_view, separator> chosen{};
    for (const auto& s : separators) {
        auto at = item.find(s.first);
        if (at == std::string::npos || at == 0) continue;
        if (at < best || (at == best && s.first.size() > chosen.first.size())) {
            best = at;
            chosen = s;
        }
    }
    if (best == std::string::npos) return std::nullopt;
    return split_item{chosen.second, item.substr(0, best), item.substr(best + chosen.first.size())};
}

error bad_item(const std::string& item, std::string_view why) {
    return error(errc::invalid_body, "cannot understand the item '" + item + "': " + std::string(why) +
                                         "; items are Header:value, param==value, field=value, field:=json or "
                                         "field@file");
}

}  // namespace

result<request_items> parse_request_items(std::span<const std::string> items) {
    request_items out;
    for (const auto& item : items) {
        auto parts = split(item);
        if (!parts) return bad_item(item, "it has no separator");
        switch (parts->kind) {
            case separator::header:
                out.headers.add(parts->key, parts->value);
                break;
            case separator::query:
                out.query.emplace_back(parts->key, parts->value);
                break;
            case separator::field:
                out.fields.emplace_back(parts->key, parts->value);
                out.json_fields[parts->key] = parts->value;
                break;
            case separator::json_field: {
                boost::system::error_code ec;
                auto value = boost::json::parse(parts->value, ec);
                if (ec) return bad_item(item, "the value after := is not valid JSON (" + ec.message() + ")");
                out.json_fields[parts->key] = std::move(value);
                out.has_raw_json = true;
                break;
            }
            case separator::file:
                out.files.emplace_back(parts->key, parts->value);
                break;
        }
    }
    return out;
}

result<http::request> build_request(std::string method, std::string url, const request_items& items, bool as_form) {
    for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    http::request req(std::move(method), expand_url(url));
    for (const auto& f : items.headers) req.header(f.name, f.value);
    for (const auto& [k, v] : items.query) req.query(k, v);
    if (!items.files.empty() || (as_form && items.has_raw_json)) {
        if (items.has_raw_json) {
            return error(errc::invalid_body, "field:=json items cannot be sent as a form; use field=value");
        }
    }
    if (!items.files.empty()) {
        http::multipart_form form;
        for (const auto& [k, v] : items.fields) form.field(k, v);
        for (const auto& [k, path] : items.files) form.file(k, path);
        req.body(http::body::multipart(form));
    } else if (as_form) {
        if (!items.fields.empty()) req.body(http::body::form(items.fields));
    } else if (!items.json_fields.empty()) {
        req.body(http::body::json(items.json_fields));
        if (!req.headers().contains("Accept")) req.header("Accept", "application/json, */*;q=0.5");
    }
    return req;
}

std::string expand_url(std::string_view url) {
    if (url.starts_with(":")) return "http://127.0.0.1" + std::string(url);
    if (url.find("://") == std::string_view::npos) return "http://" + std::string(url);
    return std::string(url);
}

}  // namespace tether::cli
