#include "form_encoding.hpp"

namespace tether::http::detail {

namespace {

void append_encoded(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char c : text) {
        // The application/x-www-form-urlencoded percent-encode set leaves
        // ASCII alphanumerics and *-._ alone and turns space into '+'.
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' || c == '-' ||
            c == '.' || c == '_') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        }
    }
}

}  // namespace

std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out += '&';
        append_encoded(out, name);
        out += '=';
        append_encoded(out, value);
    }
    return out;
}

}  // namespace tether::http::detail
