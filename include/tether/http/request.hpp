#pragma once
/// @file
/// `tether::http::request`: an HTTP request before it is sent.

#include <tether/http/body.hpp>
#include <tether/http/call_options.hpp>
#include <tether/http/headers.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tether::http {

/// An HTTP request: method, URL, headers, body and per-request options.
///
/// The URL may be relative; the client resolves it against the base URL.
/// Query parameters added with `query()` are percent-encoded and appended
/// when the request is sent. Nothing is validated while building: a
/// malformed URL or a header with CR/LF fails the call with a typed error.
///
/// @code
/// auto req = http::request::get("/users")
///                .query("page", "2")
///                .header("Accept", "application/json");
/// req.options().total_timeout = std::chrono::seconds(5);
/// @endcode
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: safe for const access.
class request {
public:
    request(std::string method, std::string url);

    static request get(std::string url) { return {"GET", std::move(url)}; }
    static request head(std::string url) { return {"HEAD", std::move(url)}; }
    static request del(std::string url) { return {"DELETE", std::move(url)}; }
    static request post(std::string url, http::body b = {}) { return request("POST", std::move(url)).body(std::move(b)); }
    static request put(std::string url, http::body b = {}) { return request("PUT", std::move(url)).body(std::move(b)); }
    static request patch(std::string url, http::body b = {}) { return request("PATCH", std::move(url)).body(std::move(b)); }

    [[nodiscard]] const std::string& method() const noexcept { return method_; }
    request& method(std::string m) { method_ = std::move(m); return *this; }

    [[nodiscard]] const std::string& url() const noexcept { return url_; }
    request& url(std::string u) { url_ = std::move(u); return *this; }

    [[nodiscard]] const http::headers& headers() const noexcept { return headers_; }
    [[nodiscard]] http::headers& headers() noexcept { return headers_; }
    /// Adds a header field (a name may repeat).
    request& header(std::string name, std::string value) { headers_.add(std::move(name), std::move(value)); return *this; }

    /// Appends `name=value` to the query, percent-encoded, when sent.
    request& query(std::string name, std::string value) { query_.emplace_back(std::move(name), std::move(value)); return *this; }
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& query_params() const noexcept { return query_; }
    /// Forgets the pending query parameters (the client calls this once it
    /// has merged them into the URL).
    void clear_query_params() noexcept { query_.clear(); }

    [[nodiscard]] const http::body& body() const noexcept { return body_; }
    request& body(http::body b) { body_ = std::move(b); return *this; }

    [[nodiscard]] const request_options& options() const noexcept { return options_; }
    [[nodiscard]] request_options& options() noexcept { return options_; }

    /// Attaches a value of type T for interceptors to read (one per type),
    /// e.g. a per-request retry policy or fetch policy: a shorthand for
    /// `options().tags.set(value)`. Tags travel with copies.
    template <class T>
    request& tag(T value) {
        options_.tags.set(std::move(value));
        return *this;
    }
    /// The tag of type T, or null.
    template <class T>
    [[nodiscard]] const T* tag() const noexcept {
        return options_.tags.get<T>();
    }

private:
    std::string method_;
    std::string url_;
    http::headers headers_;
    std::vector<std::pair<std::string, std::string>> query_;
    http::body body_;
    request_options options_;
};

}  // namespace tether::http
