// Uploads over HTTP/2 to nginx's WebDAV location (/uploads/), read back with
// GET: nginx stores every byte it received.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <span>
#include <string>

namespace {

using namespace tether;
using namespace std::chrono_literals;
using tether::interop::nginx_https_url;
using tether::interop::nginx_options;
using tether::interop::scratch_file;
using tether::interop::stopwatch;

constexpr std::size_t upload_size = 1024 * 1024;

// Per process, since ctest may run tests in parallel.
std::string upload_path(std::string_view name) {
    return "/uploads/" + std::to_string(::getpid()) + "-" + std::string(name);
}

std::string random_bytes(std::size_t n) {
    std::mt19937 engine(42);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(byte(engine));
    return out;
}

// Uploads `body` with PUT over HTTP/2 and expects nginx to store `expected`.
void expect_stored(const http::client& client, const std::string& path, http::body body, const std::string& expected) {
    auto put = client.execute(http::request::put(nginx_https_url(path), std::move(body)));
    ASSERT_TRUE(put) << put.error().to_string();
    EXPECT_EQ(put->status(), 201);
    EXPECT_EQ(put->version(), http::http_version::http2);
    auto get = client.execute(http::request::get(nginx_https_url(path)));
    ASSERT_TRUE(get) << get.error().to_string();
    ASSERT_EQ(get->body().size(), expected.size());
    EXPECT_TRUE(get->body() == expected) << "nginx stored other bytes than were sent";
}

TEST(nginx_upload, bytes_body_is_stored_exactly_over_http2) {
    http::client client(nginx_options());
    const auto content = random_bytes(upload_size);
    expect_stored(client, upload_path("bytes.bin"), http::body::bytes(content), content);
}

TEST(nginx_upload, file_body_is_stored_exactly_over_http2) {
    http::client client(nginx_options());
    const auto content = random_bytes(upload_size);
    scratch_file file("upload.bin");
    file.write(content);
    expect_stored(client, upload_path("file.bin"), http::body::file(file.path()), content);
}

// HTTP/2 has no chunked coding (RFC 9113 §8.2.2): a body of unknown size is
// a series of DATA frames that ends with END_STREAM.
TEST(nginx_upload, stream_of_unknown_size_is_stored_exactly_over_http2) {
    http::client client(nginx_options());
    const auto content = random_bytes(upload_size);
    auto data = std::make_shared<const std::string>(content);
    auto offset = std::make_shared<std::size_t>(0);
    auto body = http::body::stream(
        [data, offset](std::span<char> out) -> result<std::size_t> {
            const auto n = std::min(out.size(), data->size() - *offset);
            std::copy_n(data->data() + *offset, n, out.data());
            *offset += n;
            return n;
        },
        std::nullopt);
    expect_stored(client, upload_path("stream.bin"), body, content);
}

}  // namespace
