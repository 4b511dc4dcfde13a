#include <tether/http/response.hpp>

#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

namespace tether::http {

response::response(int status, http::headers fields, std::string body)
    : status_(status), headers_(std::move(fields)), body_(std::move(body)) {}

std::string_view response::reason() const noexcept {
    if (!reason_.empty()) return reason_;
    return standard_reason(status_);
}

result<boost::json::value> response::json() const {
    boost::json::stream_parser parser;
    boost::system::error_code ec;
    auto consumed = parser.write(body_.data(), body_.size(), ec);
    if (!ec) parser.finish(ec);
    if (ec) {
        auto what = body_.empty() ? std::string("the body is empty")
                                  : "invalid JSON at byte " + std::to_string(consumed) + " of " +
                                        std::to_string(body_.size()) + " (" + ec.message() + ")";
        auto content_type = headers_.get("Content-Type").value_or("none");
        return error(errc::decode_failed, "cannot decode the response as JSON: " + what + "; the Content-Type was " +
                                              std::string(content_type))
            .with_offset(consumed);
    }
    return parser.release();
}

std::string_view to_string(http_version v) noexcept {
    switch (v) {
        case http_version::http1_0: return "HTTP/1.0";
        case http_version::http1_1: return "HTTP/1.1";
        case http_version::http2: return "HTTP/2";
        case http_version::http3: return "HTTP/3";
        case http_version::unknown: break;
    }
    return "HTTP";
}

std::string_view standard_reason(int status) noexcept {
    // RFC 9110 §15, plus 429 (RFC 6585).
    switch (status) {
        case 100: return "Continue";
        case 101: return "Switching Protocols";
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 203: return "Non-Authoritative Information";
        case 204: return "No Content";
        case 205: return "Reset Content";
        case 206: return "Partial Content";
        case 300: return "Multiple Choices";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 307: return "Temporary Redirect";
        case 308: return "Permanent Redirect";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 402: return "Payment Required";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 406: return "Not Acceptable";
        case 407: return "Proxy Authentication Required";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 411: return "Length Required";
        case 412: return "Precondition Failed";
        case 413: return "Content Too Large";
        case 414: return "URI Too Long";
        case 415: return "Unsupported Media Type";
        case 416: return "Range Not Satisfiable";
        case 417: return "Expectation Failed";
        case 421: return "Misdirected Request";
        case 422: return "Unprocessable Content";
        case 426: return "Upgrade Required";
        case 428: return "Precondition Required";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        case 505: return "HTTP Version Not Supported";
        default: return "";
    }
}

}  // namespace tether::http
