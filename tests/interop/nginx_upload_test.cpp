// Uploads to nginx's WebDAV location (/uploads/), read back with GET: nginx
// stores every byte it received. Over HTTP/1.1 by every transport, over
// HTTP/2 by curl.

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
using tether::interop::scratch_file;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;

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

// Uploads `body` with PUT and expects nginx to store `expected`, both ways
// over `version`.
void expect_stored(const http::client& client, http::http_version version, const std::string& path, http::body body,
                   const std::string& expected) {
    auto put = client.execute(http::request::put(nginx_https_url(path), std::move(body)));
    ASSERT_TRUE(put) << put.error().to_string();
    EXPECT_EQ(put->status(), 201);
    EXPECT_EQ(put->version(), version);
    auto get = client.execute(http::request::get(nginx_https_url(path)));
    ASSERT_TRUE(get) << get.error().to_string();
    ASSERT_EQ(get->body().size(), expected.size());
    EXPECT_TRUE(get->body() == expected) << "nginx stored other bytes than were sent";
}

// A stream of unknown size over `content`: chunked over HTTP/1.1 (RFC 9112
// §7.1), and over HTTP/2, which has no chunked coding (RFC 9113 §8.2.2), a
// series of DATA frames that ends with END_STREAM.
http::body unsized_stream_of(const std::string& content) {
    auto data = std::make_shared<const std::string>(content);
    auto offset = std::make_shared<std::size_t>(0);
    return http::body::stream(
        [data, offset](std::span<char> out) -> result<std::size_t> {
            const auto n = std::min(out.size(), data->size() - *offset);
            std::copy_n(data->data() + *offset, n, out.data());
            *offset += n;
            return n;
        },
        std::nullopt);
}

class nginx_upload : public transport_test {};

TEST_P(nginx_upload, bytes_body_is_stored_exactly) {
    http::client client(nginx_options());
    const auto content = random_bytes(upload_size);
    expect_stored(client, http::http_version::http1_1, upload_path("bytes.bin"), http::body::bytes(content), content);
}

TEST_P(nginx_upload, file_body_is_stored_exactly) {
    http::client client(nginx_options());
    const auto content = random_bytes(upload_size);
    scratch_file file("upload.bin");
    file.write(content);
    expect_stored(client, http::http_version::http1_1, upload_path("file.bin"), http::body::file(file.path()), content);
}

TEST_P(nginx_upload, stream_of_unknown_size_is_stored_exactly) {
    http::client client(nginx_options());
    const auto content = random_bytes(upload_size);
    expect_stored(client, http::http_version::http1_1, upload_path("stream.bin"), unsized_stream_of(content), content);
}

INSTANTIATE_TEST_SUITE_P(nginx, nginx_upload, ::testing::ValuesIn(tested_transports()), transport_name);

// ---- HTTP/2: the curl transport only ---------------------------------------

TEST(nginx_upload_http2, bytes_body_is_stored_exactly_over_http2) {
    http::client client(tether::interop::nginx_options());
    const auto content = random_bytes(upload_size);
    expect_stored(client, http::http_version::http2, upload_path("h2-bytes.bin"), http::body::bytes(content), content);
}

TEST(nginx_upload_http2, file_body_is_stored_exactly_over_http2) {
    http::client client(tether::interop::nginx_options());
    const auto content = random_bytes(upload_size);
    scratch_file file("upload.bin");
    file.write(content);
    expect_stored(client, http::http_version::http2, upload_path("h2-file.bin"), http::body::file(file.path()), content);
}

TEST(nginx_upload_http2, stream_of_unknown_size_is_stored_exactly_over_http2) {
    http::client client(tether::interop::nginx_options());
    const auto content = random_bytes(upload_size);
    expect_stored(client, http::http_version::http2, upload_path("h2-stream.bin"), unsized_stream_of(content), content);
}

}  // namespace
