// A 1 MiB static file from nginx, buffered and streamed to disk: over
// HTTP/1.1 by every transport, over HTTP/2 by curl.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

namespace {

using namespace tether;
using tether::interop::nginx_https_url;
using tether::interop::scratch_file;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;

constexpr std::uint64_t file_size = 1024 * 1024;

void expect_file_sink_matches_a_buffered_download(const http::client_options& options, http::http_version version) {
    http::client client(options);
    auto buffered = client.execute(http::request::get(nginx_https_url("/1mb.bin")));
    ASSERT_TRUE(buffered) << buffered.error().to_string();
    ASSERT_EQ(buffered->body().size(), file_size);
    EXPECT_EQ(buffered->version(), version);

    scratch_file file("1mb.bin");
    auto req = http::request::get(nginx_https_url("/1mb.bin"));
    req.options().sink = http::file_sink(file.path());
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_TRUE(r->body().empty());
    ASSERT_EQ(std::filesystem::file_size(file.path()), file_size);
    EXPECT_TRUE(file.read() == buffered->body()) << "the file differs from the buffered body";
}

class nginx_download : public transport_test {};

TEST_P(nginx_download, file_sink_receives_the_same_bytes_as_a_buffered_download) {
    expect_file_sink_matches_a_buffered_download(nginx_options(), http::http_version::http1_1);
}

TEST_P(nginx_download, progress_reaches_the_file_size) {
    http::client client(nginx_options());
    std::atomic<std::uint64_t> last{0};
    std::atomic<std::uint64_t> total{0};
    auto req = http::request::get(nginx_https_url("/1mb.bin"));
    req.options().sink = http::callback_sink([](std::string_view) { return true; });
    req.options().on_download_progress = [&](const http::progress& p) {
        last = p.transferred;
        if (p.total) total = *p.total;
    };
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(last.load(), file_size);
    EXPECT_EQ(total.load(), file_size);
}

// The bodies of followed redirects (nginx's "302 Found" page) are not
// progress: it never goes backwards and its total never changes.
TEST_P(nginx_download, progress_after_a_redirect_counts_only_the_final_resource) {
    http::client client(nginx_options());
    std::mutex mutex;
    std::vector<http::progress> reports;
    auto req = http::request::get(tether::interop::nginx_http_url("/to-https/1mb.bin"));
    req.options().sink = http::callback_sink([](std::string_view) { return true; });
    req.options().on_download_progress = [&](const http::progress& p) {
        std::lock_guard lock(mutex);
        reports.push_back(p);
    };
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->redirects(), 1);
    std::lock_guard lock(mutex);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        if (i > 0) {
            EXPECT_LE(reports[i - 1].transferred, reports[i].transferred) << "report " << i << " went backwards";
        }
        if (reports[i].total) {
            EXPECT_EQ(*reports[i].total, file_size) << "report " << i << " announces another resource's size";
        }
    }
}

// A file sink never leaves a truncated or error file where the download
// should be (response_sink.hpp): a 404 is buffered for the error instead.
TEST_P(nginx_download, missing_file_leaves_nothing_on_disk_and_fails_with_not_found) {
    http::client client(nginx_options());
    scratch_file file("missing.bin");
    auto req = http::request::get(nginx_https_url("/no-such-file.bin"));
    req.options().sink = http::file_sink(file.path());
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::not_found) << r.error().to_string();
    ASSERT_TRUE(r.error().response());
    EXPECT_NE(r.error().response()->body().find("404"), std::string::npos) << "the error body is readable";
    EXPECT_FALSE(std::filesystem::exists(file.path()));
    EXPECT_FALSE(std::filesystem::exists(file.path().string() + ".part"));
}

INSTANTIATE_TEST_SUITE_P(nginx, nginx_download, ::testing::ValuesIn(tested_transports()), transport_name);

// HTTP/2 by ALPN: the curl transport only.
TEST(nginx_download_http2, file_sink_receives_the_same_bytes_as_a_buffered_download) {
    expect_file_sink_matches_a_buffered_download(tether::interop::nginx_options(), http::http_version::http2);
}

}  // namespace
