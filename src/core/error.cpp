#include <tether/core/error.hpp>
#include <tether/core/redact.hpp>

namespace tether {

error::error(errc code, std::string message) : code_(code), message_(std::move(message)) {}

error& error::with_request(std::string_view method, std::string_view url) {
    method_ = method;
    url_ = redact_url(url);
    return *this;
}

error& error::with_response(std::shared_ptr<const http::response> response, int status) {
    response_ = std::move(response);
    status_ = status;
    return *this;
}

error& error::with_retry_after(std::chrono::seconds delay) {
    retry_after_ = delay;
    return *this;
}

error& error::with_field_errors(std::vector<field_error> fields) {
    field_errors_ = std::move(fields);
    return *this;
}

error& error::with_offset(std::size_t offset) {
    offset_ = offset;
    return *this;
}

error& error::with_attempts(int attempts) {
    attempts_ = attempts;
    return *this;
}

std::string error::to_string() const {
    std::string out(tether::to_string(code_));
    out += ": ";
    if (!method_.empty() || !url_.empty()) {
        out += method_;
        if (!method_.empty() && !url_.empty()) out += ' ';
        out += url_;
        if (attempts_ > 1) out += " (after " + std::to_string(attempts_) + " attempts)";
        out += ": ";
    }
    out += message_;
    return out;
}

}  // namespace tether
