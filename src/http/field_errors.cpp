#include "field_errors.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace tether::http::detail {

namespace {

namespace json = boost::json;

std::string as_text(const json::value* v) {
    if (v == nullptr) return {};
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    return {};
}

const json::value* find(const json::object& o, std::initializer_list<std::string_view> keys) {
    for (auto key : keys) {
        if (auto* v = o.if_contains(key); v && !v->is_null()) return v;
    }
    return nullptr;
}

// The last reference token of a JSON pointer (RFC 6901), unescaped:
// "/data/attributes/firstName" -> "firstName", "#/age" -> "age".
std::string pointer_field(std::string_view pointer) {
    auto slash = pointer.rfind('/');
    std::string token(slash == std::string_view::npos ? pointer : pointer.substr(slash + 1));
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            out += token[i + 1] == '0' ? '~' : '/';
            ++i;
        } else {
            out += token[i];
        }
    }
    return out;
}

std::string field_of(const json::object& item) {
    if (auto* source = item.if_contains("source"); source && source->is_object()) {
        const auto& s = source->get_object();
        if (auto p = as_text(find(s, {"pointer"})); !p.empty()) return pointer_field(p);
        if (auto p = as_text(find(s, {"parameter", "header"})); !p.empty()) return p;
    }
    if (auto p = as_text(find(item, {"pointer"})); !p.empty()) return pointer_field(p);
    if (auto* loc = item.if_contains("loc"); loc && loc->is_array() && !loc->get_array().empty()) {
        return as_text(&loc->get_array().back());
    }
    return as_text(find(item, {"field", "name", "param", "property", "path", "attribute"}));
}

std::string message_of(const json::object& item) {
    return as_text(find(item, {"detail", "message", "msg", "reason", "title", "description"}));
}

void from_array(const json::array& items, std::vector<field_error>& out) {
    for (const auto& v : items) {
        if (!v.is_object()) continue;
        auto msg = message_of(v.get_object());
        if (msg.empty()) continue;
        out.push_back({field_of(v.get_object()), std::move(msg)});
    }
}

void from_map(const json::object& fields, std::vector<field_error>& out) {
    for (const auto& [key, v] : fields) {
        if (v.is_string()) {
            if (!v.get_string().empty()) out.push_back({std::string(key), std::string(v.get_string())});
        } else if (v.is_array()) {
            for (const auto& m : v.get_array()) {
                auto text = m.is_object() ? message_of(m.get_object()) : as_text(&m);
                if (!text.empty()) out.push_back({std::string(key), std::move(text)});
            }
        } else if (v.is_object()) {
            if (auto text = message_of(v.get_object()); !text.empty()) out.push_back({std::string(key), text});
        }
    }
}

const json::object* parse_object(std::string_view body, json::value& storage) {
    boost::system::error_code ec;
    storage = json::parse(body, ec);
    return ec || !storage.is_object() ? nullptr : &storage.get_object();
}

}  // namespace

std::vector<field_error> parse_field_errors(std::string_view body) {
    json::value storage;
    const auto* root = parse_object(body, storage);
    if (root == nullptr) return {};
    std::vector<field_error> out;
    if (auto* errors = root->if_contains("errors")) {
        if (errors->is_array()) from_array(errors->get_array(), out);
        if (errors->is_object()) from_map(errors->get_object(), out);
    }
    for (auto key : {"invalid-params", "invalid_params"}) {
        if (auto* params = root->if_contains(key); params && params->is_array()) from_array(params->get_array(), out);
    }
    if (auto* detail = root->if_contains("detail"); detail && detail->is_array()) from_array(detail->get_array(), out);
    return out;
}

std::string error_summary(std::string_view body, std::string_view content_type) {
    std::string text;
    json::value storage;
    if (const auto* root = parse_object(body, storage)) {
        text = as_text(find(*root, {"detail", "message", "error_description", "title"}));
        if (text.empty()) {
            if (auto* err = root->if_contains("error")) {
                text = err->is_object() ? message_of(err->get_object()) : as_text(err);
            }
        }
    } else if (content_type.starts_with("text/plain")) {
        // A plain-text error is usually one sentence; HTML pages are not
        // worth quoting.
        text = std::string(body.substr(0, body.find_first_of("\r\n")));
    }
    constexpr std::size_t max_length = 200;
    if (text.size() > max_length) text = text.substr(0, max_length) + "...";
    return text;
}

}  // namespace tether::http::detail
