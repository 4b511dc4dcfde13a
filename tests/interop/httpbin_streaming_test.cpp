// Chunked and streamed response bodies: JSON lines, sinks that keep the body
// out of memory, and download progress.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace tether;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;
using tether::interop::scratch_file;

class httpbin_streaming : public transport_test {};

TEST_P(httpbin_streaming, json_lines_arrive_whole_and_in_order) {
    http::client client(options());
    auto r = client.execute(http::request::get(httpbin_url("/stream/20")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_FALSE(r->headers().contains("Content-Length")) << "httpbin streams this body chunked";
    std::istringstream lines(r->body());
    std::string line;
    std::int64_t expected_id = 0;
    while (std::getline(lines, line)) {
        auto doc = boost::json::parse(line).as_object();
        EXPECT_EQ(doc.at("id").as_int64(), expected_id);
        ++expected_id;
    }
    EXPECT_EQ(expected_id, 20);
}

// 100000 random bytes sent chunked, 1000 per write.
constexpr std::size_t streamed_size = 100'000;

std::string stream_bytes_url() {
    return httpbin_url("/stream-bytes/100000?chunk_size=1000");
}

TEST_P(httpbin_streaming, callback_sink_sees_every_byte_and_nothing_is_buffered) {
    http::client client(options());
    std::atomic<std::size_t> bytes{0};
    std::atomic<int> chunks{0};
    auto req = http::request::get(stream_bytes_url());
    req.options().sink = http::callback_sink([&](std::string_view chunk) {
        bytes += chunk.size();
        ++chunks;
        return true;
    });
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(bytes.load(), streamed_size);
    EXPECT_GT(chunks.load(), 1) << "the body came in pieces, as it was sent";
    EXPECT_TRUE(r->body().empty()) << "a sink's body is not buffered too";
}

TEST_P(httpbin_streaming, callback_sink_returning_false_stops_the_download_with_cancelled) {
    http::client client(options());
    std::atomic<int> chunks{0};
    auto req = http::request::get(stream_bytes_url());
    req.options().sink = http::callback_sink([&](std::string_view) { return ++chunks < 2; });
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::cancelled) << r.error().to_string();
    EXPECT_EQ(chunks.load(), 2) << "no chunk is delivered after the sink said stop";
}

TEST_P(httpbin_streaming, file_sink_writes_every_streamed_byte_and_buffers_none) {
    http::client client(options());
    scratch_file file("stream-bytes.bin");
    auto req = http::request::get(stream_bytes_url());
    req.options().sink = http::file_sink(file.path());
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_TRUE(r->body().empty());
    ASSERT_TRUE(std::filesystem::exists(file.path()));
    EXPECT_EQ(std::filesystem::file_size(file.path()), streamed_size);
    EXPECT_FALSE(std::filesystem::exists(file.path().string() + ".part")) << "the temporary file was renamed";
}

// /stream/50 sends the same JSON lines every time, chunked. (Not
// /stream-bytes with a seed: httpbin seeds one global generator, which
// concurrent requests from parallel tests reseed.)
TEST_P(httpbin_streaming, file_sink_content_equals_a_buffered_download) {
    http::client client(options());
    auto buffered = client.execute(http::request::get(httpbin_url("/stream/50")));
    ASSERT_TRUE(buffered) << buffered.error().to_string();
    ASSERT_FALSE(buffered->body().empty());

    scratch_file file("stream.jsonl");
    auto req = http::request::get(httpbin_url("/stream/50"));
    req.options().sink = http::file_sink(file.path());
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_TRUE(file.read() == buffered->body()) << "the file differs from the buffered body";
}

// The redirects' own bodies (httpbin's "Redirecting..." pages) stay out of
// the file: a download holds the final resource only.
TEST_P(httpbin_streaming, file_sink_after_redirects_holds_only_the_final_body) {
    http::client client(options());
    scratch_file file("after-redirects.json");
    auto req = http::request::get(httpbin_url("/redirect/2"));
    req.options().sink = http::file_sink(file.path());
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->redirects(), 2);
    const auto content = file.read();
    ASSERT_FALSE(content.empty());
    EXPECT_EQ(tether::interop::string_member(boost::json::parse(content).as_object(), "url"), httpbin_url("/get"))
        << content;
}

// Progress reports, kept in order; the callback runs on the transport thread.
struct progress_log {
    std::mutex mutex;
    std::vector<http::progress> reports;

    http::progress_callback callback() {
        return [this](const http::progress& p) {
            std::lock_guard lock(mutex);
            reports.push_back(p);
        };
    }
};

TEST_P(httpbin_streaming, download_progress_reaches_the_announced_content_length) {
    http::client client(options());
    progress_log log;
    // /bytes answers with a Content-Length (at most 100 KiB).
    auto req = http::request::get(httpbin_url("/bytes/102400"));
    req.options().on_download_progress = log.callback();
    req.options().sink = http::callback_sink([](std::string_view) { return true; });
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    std::lock_guard lock(log.mutex);
    ASSERT_FALSE(log.reports.empty());
    for (std::size_t i = 1; i < log.reports.size(); ++i) {
        EXPECT_LE(log.reports[i - 1].transferred, log.reports[i].transferred) << "progress went backwards";
    }
    EXPECT_EQ(log.reports.back().transferred, 102400u);
    EXPECT_EQ(log.reports.back().total, std::optional<std::uint64_t>(102400));
}

TEST_P(httpbin_streaming, download_progress_of_a_chunked_body_counts_every_byte_without_a_total) {
    http::client client(options());
    progress_log log;
    auto req = http::request::get(stream_bytes_url());
    req.options().on_download_progress = log.callback();
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    std::lock_guard lock(log.mutex);
    ASSERT_FALSE(log.reports.empty());
    EXPECT_EQ(log.reports.back().transferred, streamed_size);
    EXPECT_EQ(log.reports.back().total, std::nullopt) << "a chunked body announces no size";
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_streaming, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
