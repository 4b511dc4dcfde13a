#pragma once
// Helpers shared by the integration tests.

#include <tether/http.hpp>
#include <tether/testing/mock_server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <random>
#include <string>

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
