#pragma once
// Printing for people: indented JSON, heads with secrets redacted, and a
// download progress bar.

#include <tether/http/call_options.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>

#include <boost/json/fwd.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace tether::cli {

bool is_terminal(std::FILE* stream) noexcept;

// `value` as indented JSON (two spaces, one member per line).
std::string pretty_json(const boost::json::value& value);

// "GET http://..." and the request headers, secrets shown as REDACTED.
std::string describe_request(const http::request& req);
// "HTTP/1.1 200 OK", the response headers (secrets redacted) and timings.
std::string describe_response(const http::response& res);

// The body as it should be shown: indented when it is JSON.
std::string printable_body(const http::response& res);

// Renders "[#####     ]  52%  1.2 MiB / 2.3 MiB  4.5 MiB/s" on one line,
// at most ten times a second.
class progress_bar {
public:
    explicit progress_bar(std::FILE* out) : out_(out) {}
    void update(const http::progress& p);
    void finish();

private:
    std::FILE* out_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
    http::progress latest_;
    bool drawn_ = false;
};

std::string human_bytes(std::uint64_t bytes);

}  // namespace tether::cli
