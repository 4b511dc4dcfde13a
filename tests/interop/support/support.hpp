#pragma once
/// @file
/// What every interop test needs besides the servers: a client whose calls
/// are bounded in time, JSON access to an echo, scratch files and a stopwatch.

#include <tether/http/client_options.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>

#include <boost/json/object.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tether::interop {

/// The longest any single call in the interop suite may take. A server that
/// stops answering fails the test after this instead of hanging the run.
inline constexpr std::chrono::seconds call_limit{10};

/// Client options with `total_timeout = call_limit`; tests change what their
/// rule is about and keep the bound.
[[nodiscard]] http::client_options bounded_options();

/// `bounded_options()` that also trust the private CA of the nginx fixture.
[[nodiscard]] http::client_options nginx_options();

/// The transports a suite written with TEST_P on `transport_test` runs against.
[[nodiscard]] std::vector<http::transport_kind> tested_transports();

/// "curl" or "native": the last part of a parameterized test's name, as in
/// "httpbin/httpbin_auth.bearer_token_is_accepted/native".
[[nodiscard]] std::string transport_name(const ::testing::TestParamInfo<http::transport_kind>& info);

/// The fixture of the suites that every transport must pass. The
/// instantiation's prefix is the server the suite talks to, which is what
/// routes its tests to that server's ctest fixture (CMakeLists.txt):
///
/// @code
/// class httpbin_auth : public transport_test {};
/// TEST_P(httpbin_auth, ...) { http::client client(options()); ... }
/// INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_auth, ::testing::ValuesIn(tested_transports()), transport_name);
/// @endcode
///
/// Suites about what only one transport does (HTTP/2, ALPN) stay plain TESTs
/// on `bounded_options()`.
class transport_test : public ::testing::TestWithParam<http::transport_kind> {
protected:
    /// `bounded_options()` for the transport under test, in what every
    /// transport supports: HTTP/1.1, and no proxy from the environment.
    [[nodiscard]] http::client_options options() const;
    /// `options()` that also trust the private CA of the nginx fixture.
    [[nodiscard]] http::client_options nginx_options() const;
    /// The echo of `req` sent with a client made from `options()`; see the
    /// free `echo_of`.
    [[nodiscard]] boost::json::object echo_of(http::request req) const;
};

/// The body of `r` as a JSON object (httpbin's echoes, nginx's /echo).
/// Throws, failing the test, when it is not one.
[[nodiscard]] boost::json::object json_object(const http::response& r);

/// Sends `req` with a client made from `bounded_options()` and returns the
/// echo in its body (httpbin's /anything, /headers ...). A failed call fails
/// the test and gives an empty object.
[[nodiscard]] boost::json::object echo_of(http::request req);

/// `echo_of(req)` with a client made from `options`.
[[nodiscard]] boost::json::object echo_of(http::request req, const http::client_options& options);

/// The "headers" member of an httpbin echo (empty when there is none).
[[nodiscard]] boost::json::object echo_headers(const boost::json::object& echo);

/// The string member `name` of `o`, or "<absent>" so that a missing member
/// fails an EXPECT_EQ with a readable message.
[[nodiscard]] std::string string_member(const boost::json::object& o, std::string_view name);

/// A path in the temporary directory, unique to this process and `name`,
/// removed (with any ".part" sibling) when the object is destroyed.
class scratch_file {
public:
    explicit scratch_file(std::string_view name);
    ~scratch_file();
    scratch_file(const scratch_file&) = delete;
    scratch_file& operator=(const scratch_file&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    /// Writes `content` to the file, replacing it.
    void write(std::string_view content) const;
    /// The file's content, or "" when it does not exist.
    [[nodiscard]] std::string read() const;

private:
    std::filesystem::path path_;
};

/// Time since construction, for asserting that a failure came early.
class stopwatch {
public:
    [[nodiscard]] std::chrono::milliseconds elapsed() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
    }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace tether::interop

namespace tether::http {

/// Names the transport in gtest's messages ("GetParam() = native").
inline void PrintTo(transport_kind kind, std::ostream* out) {
    *out << (kind == transport_kind::curl ? "curl" : "native");
}

}  // namespace tether::http
