#include "cache_key.hpp"

#include "../../core/ascii.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

namespace tether::http::cache {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// A header's values as one line, each list member trimmed (§4.1 allows
// normalizing whitespace and combining lines).
std::string combined_values(const headers& fields, std::string_view name) {
    std::string out;
    for (auto line : fields.get_all(name)) {
        std::size_t start = 0;
        while (start <= line.size()) {
            auto comma = line.find(',', start);
            if (comma == std::string_view::npos) comma = line.size();
            if (auto member = trim(line.substr(start, comma - start)); !member.empty()) {
                if (!out.empty()) out += ',';
                out += member;
            }
            start = comma + 1;
        }
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 is not available from OpenSSL");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xf];
    }
    return out;
}

}  // namespace

std::string primary_key(const request& req) {
    const auto& url = req.url();
    return sha256_hex("GET " + url.substr(0, url.find('#')));
}

std::optional<std::string> variant_key(const headers& response_fields, const headers& request_fields,
                                       const std::vector<std::string>& partition_headers) {
    std::string key;
    std::string credentials;
    for (const auto& name : partition_headers) {
        if (!request_fields.contains(name)) continue;
        credentials += lower(name);
        credentials += ": ";
        credentials += combined_values(request_fields, name);
        credentials += '\n';
    }
    if (!credentials.empty()) key = "partition=" + sha256_hex(credentials) + "\n";
    std::vector<std::string> names;
    for (auto line : response_fields.get_all("Vary")) {
        std::size_t start = 0;
        while (start <= line.size()) {
            auto comma = line.find(',', start);
            if (comma == std::string_view::npos) comma = line.size();
            if (auto name = trim(line.substr(start, comma - start)); !name.empty()) {
                if (name == "*") return std::nullopt;
                names.push_back(lower(name));
            }
            start = comma + 1;
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const auto& name : names) {
        // Absent and empty differ: a request without the header only
        // matches a response stored for a request without it.
        key += name;
        if (request_fields.contains(name)) {
            key += '=';
            key += combined_values(request_fields, name);
        }
        key += '\n';
    }
    return key;
}

}  // namespace tether::http::cache
