#pragma once
/// @file
/// `tether::error`: an expected failure, as a value.

#include <tether/core/errc.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether {

namespace http {
class response;
}

/// One invalid field reported by a validation error (400/422).
struct field_error {
    std::string field;    ///< e.g. "email"; a JSON pointer's last segment when that is all the server gave
    std::string message;  ///< the server's text, e.g. "must not be empty"

    friend bool operator==(const field_error&, const field_error&) = default;
};

/// An expected failure: what happened (`code()`), what to do about it
/// (`message()`), and the context a caller needs to act — the method, the URL
/// with credentials redacted, the status and response when there was one.
///
/// Errors are values: functions return `result<T>`; `result::value()` throws
/// the matching exception from `tether/core/exceptions.hpp` for callers who
/// prefer exceptions. `classify()` says whether retrying can help.
///
/// @par Example
/// @code
/// auto r = co_await client.send(http::request::get("/users/42"));
/// if (!r && r.error().code() == tether::errc::not_found) { ... }
/// @endcode
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: safe for const access.
class error {
public:
    /// An error of `code`; `message` says what happened and what to change.
    /// It must not contain secrets: it is shown to users and written to logs.
    error(errc code, std::string message);

    [[nodiscard]] errc code() const noexcept { return code_; }
    [[nodiscard]] error_kind kind() const noexcept { return kind_of(code_); }
    [[nodiscard]] const std::string& message() const noexcept { return message_; }

    /// The request's method, or empty when the error arose outside a request.
    [[nodiscard]] const std::string& method() const noexcept { return method_; }
    /// The request's URL with user-info passwords and secret query values replaced.
    [[nodiscard]] const std::string& url() const noexcept { return url_; }
    /// The HTTP status, for errors that come from a response.
    [[nodiscard]] std::optional<int> status() const noexcept { return status_; }
    /// The response the error was made from, if any (headers and body intact).
    [[nodiscard]] const std::shared_ptr<const http::response>& response() const noexcept { return response_; }
    /// How long the server asked the caller to wait (Retry-After), if it said.
    [[nodiscard]] std::optional<std::chrono::seconds> retry_after() const noexcept { return retry_after_; }
    /// Field errors of a validation error, parsed from the body.
    [[nodiscard]] const std::vector<field_error>& field_errors() const noexcept { return field_errors_; }
    /// For decode errors: the byte offset in the body where decoding failed.
    [[nodiscard]] std::optional<std::size_t> offset() const noexcept { return offset_; }
    /// How many attempts the call made before failing (1 unless an interceptor retried).
    [[nodiscard]] int attempts() const noexcept { return attempts_; }

    /// Records the request the error belongs to; the URL is redacted here.
    error& with_request(std::string_view method, std::string_view url);
    /// Records the response (and its status) the error was made from.
    error& with_response(std::shared_ptr<const http::response> response, int status);
    error& with_retry_after(std::chrono::seconds delay);
    error& with_field_errors(std::vector<field_error> fields);
    error& with_offset(std::size_t offset);
    error& with_attempts(int attempts);

    /// One line for people and logs:
    /// `not_found: GET https://api.example.com/users/42: the server answered 404 Not Found ...`
    [[nodiscard]] std::string to_string() const;

private:
    errc code_;
    std::string message_;
    std::string method_;
    std::string url_;
    std::optional<int> status_;
    std::shared_ptr<const http::response> response_;
    std::optional<std::chrono::seconds> retry_after_;
    std::vector<field_error> field_errors_;
    std::optional<std::size_t> offset_;
    int attempts_ = 1;
};

/// Throws the exception from `tether/core/exceptions.hpp` that matches `e.code()`.
[[noreturn]] void throw_error(const error& e);

}  // namespace tether
