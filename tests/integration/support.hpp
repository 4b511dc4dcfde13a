#pragma once
// Helpers shared by the integration tests.

#include <tether/http.hpp>
#include <tether/testing/mock_server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace tether::test {

using namespace std::chrono_literals;

template <class T>
task<void> store_into(std::optional<T>& out, task<T> t) {
    out.emplace(co_await std::move(t));
}

// Runs `t` on `io` until it completes; fails the test if that takes longer
// than `limit` (every test has a bounded duration).
template <class T>
std::optional<T> run_on(boost::asio::io_context& io, task<T> t, std::chrono::milliseconds limit = 10s) {
    std::optional<T> out;
    boost::asio::co_spawn(io, store_into(out, std::move(t)), boost::asio::detached);
    io.restart();
    io.run_for(limit);
    if (!out) ADD_FAILURE() << "the coroutine did not finish within " << limit.count() << " ms";
    return out;
}

// A client with short, test-friendly timeouts.
inline http::client_options quick_options() {
    http::client_options o;
    o.connect_timeout = 5s;
    o.read_timeout = 5s;
    o.total_timeout = 10s;
    return o;
}

// The transports the conformance suite runs against: every test written
// with TEST_P on a `transport_test` fixture runs once for each.
std::vector<http::transport_kind> tested_transports();

// "curl" or "native": the last part of a parameterized test's name, as in
// "transports/fault.each_broken_answer_gives_its_typed_error/native".
std::string transport_name(const ::testing::TestParamInfo<http::transport_kind>& info);

// The fixture of the conformance suite. Derive a suite from it, write its
// tests with TEST_P, build every client from options(), and instantiate it:
//
//   class redirect : public transport_test {};
//   TEST_P(redirect, ...) { http::client client(options()); ... }
//   INSTANTIATE_TEST_SUITE_P(transports, redirect, ::testing::ValuesIn(tested_transports()), transport_name);
class transport_test : public ::testing::TestWithParam<http::transport_kind> {
protected:
    // quick_options() for the transport under test, in what every transport
    // supports: HTTP/1.1, and no proxy (not even one from the environment,
    // so that a developer's http_proxy cannot change the outcome).
    [[nodiscard]] http::client_options options() const {
        auto o = quick_options();
        o.transport = GetParam();
        o.http2 = false;
        o.proxy.from_environment = false;
        return o;
    }
};

// A port that completes TCP handshakes (the kernel queues them) but never
// reads or answers: a TLS handshake or an upload to it stalls.
// The URL of a loopback port nothing listens on (a server that is down):
// every connection to it is refused.
inline std::string refused_url() {
    std::uint16_t port = 0;
    {
        testing::mock_server gone;
        port = gone.port();
    }
    return "http://127.0.0.1:" + std::to_string(port) + "/";
}

class silent_listener {
public:
    silent_listener() : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {}
    [[nodiscard]] std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

private:
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
};

// A port where TCP connects neither succeed nor fail: its accept queue
// (backlog 0) is held full by one connection, and Linux drops the SYNs of
// any further connect while it is (tcp_conn_request, LISTENOVERFLOWS). A
// connect that hangs without relying on an unroutable address, which an
// offline machine may answer at once with "network unreachable".
class unanswered_listener {
public:
    unanswered_listener();
    [[nodiscard]] std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

private:
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::socket filler_;
};

// A file under the temp directory, removed when this goes out of scope.
class temp_file {
public:
    explicit temp_file(std::string_view content = {}, std::string suffix = ".tmp") {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("tether-test-" + std::to_string(rd()) + std::to_string(rd()) + suffix);
        if (!content.empty()) write(content);
    }
    ~temp_file() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
        std::filesystem::remove(path_.string() + ".part", ignored);
    }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;

    void write(std::string_view content) const;
    [[nodiscard]] std::string read() const;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

// Bytes that differ at every position, so that a reordered or shifted
// chunk cannot go unnoticed.
std::string patterned_bytes(std::size_t n);

// Milliseconds since `start`.
inline long long elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace tether::test

namespace tether::http {

// Names the transport in gtest's messages ("GetParam() = native").
inline void PrintTo(transport_kind kind, std::ostream* out) {
    *out << (kind == transport_kind::curl ? "curl" : "native");
}

}  // namespace tether::http
