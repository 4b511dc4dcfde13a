#include "request_validation.hpp"

#include "../core/ascii.hpp"

#include <tether/core/redact.hpp>

#include <boost/url/parse.hpp>

namespace tether::http::detail {

namespace {

result<void> validate_url(std::string_view url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) {
        return error(errc::invalid_url, "'" + redact_url(url) + "' is not a valid absolute URL (" +
                                            parsed.error().message() +
                                            "); check for spaces or unescaped characters");
    }
    auto scheme = parsed->scheme();
    if (!tether::detail::iequals(scheme, "http") && !tether::detail::iequals(scheme, "https")) {
        return error(errc::unsupported_scheme, "the scheme '" + std::string(scheme) + "' of '" + redact_url(url) +
                                                   "' is not supported; use http or https");
    }
    if (!parsed->has_authority() || parsed->encoded_host().empty()) {
        return error(errc::invalid_url, "'" + redact_url(url) + "' has no host; write it as http://host/path");
    }
    return {};
}

bool has_forbidden_char(std::string_view value) noexcept {
    return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace

result<void> validate_request(const request& req) {
    if (!tether::detail::is_token(req.method())) {
        return error(errc::invalid_header, "the method '" + redact_url(req.method()) +
                                               "' is not a valid HTTP token; use GET, POST or another token");
    }
    if (auto ok = validate_url(req.url()); !ok) return ok;
    for (const auto& field : req.headers()) {
        if (!tether::detail::is_token(field.name)) {
            std::string shown = has_forbidden_char(field.name) ? "with a line break" : "'" + field.name + "'";
            return error(errc::invalid_header, "the header name " + shown +
                                                   " is not a valid HTTP token; use letters, digits and -");
        }
        if (has_forbidden_char(field.value)) {
            return error(errc::invalid_header, "the value of header '" + field.name +
                                                   "' contains CR, LF or NUL, which could inject headers; remove "
                                                   "line breaks from header values");
        }
    }
    return {};
}

}  // namespace tether::http::detail
