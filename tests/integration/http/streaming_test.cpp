// Bodies streamed to a file or a callback, progress, and body size limits.

#include "support.hpp"

#include <cstring>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

class streaming : public transport_test {};

TEST_P(streaming, a_callback_sink_receives_every_byte_and_nothing_is_buffered) {
    mock_server server;
    server.enqueue(mock_response().body(patterned_bytes(3'000'000)).chunked(64 * 1024));
    http::client client(options());
    std::string got;
    std::size_t chunks = 0;
    auto req = http::request::get(server.url("/big"));
    req.options().sink = http::callback_sink([&](std::string_view chunk) {
        got += chunk;
        ++chunks;
        return true;
    });
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_TRUE(r->body().empty());
    EXPECT_GT(chunks, 1u);
    EXPECT_EQ(got, patterned_bytes(3'000'000));
}

TEST_P(streaming, a_callback_that_returns_false_stops_the_transfer) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(1'000'000, 'x')).throttle(10'000, 10ms));
    http::client client(options());
    auto req = http::request::get(server.url("/"));
    req.options().sink = http::callback_sink([](std::string_view) { return false; });
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::cancelled);
}

TEST_P(streaming, a_file_sink_writes_the_body_and_reports_progress) {
    mock_server server;
    server.enqueue(mock_response().body(patterned_bytes(2'000'000)));
    temp_file target;
    http::client client(options());
    auto req = http::request::get(server.url("/file"));
    req.options().sink = http::file_sink(target.path());
    std::vector<http::progress> reports;
    req.options().on_download_progress = [&](const http::progress& p) { reports.push_back(p); };
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(target.read(), patterned_bytes(2'000'000));
    EXPECT_FALSE(std::filesystem::exists(target.path().string() + ".part"));
    ASSERT_FALSE(reports.empty());
    EXPECT_EQ(reports.back().transferred, 2'000'000u);
    EXPECT_EQ(reports.back().total, 2'000'000u);
    for (std::size_t i = 1; i < reports.size(); ++i) EXPECT_GE(reports[i].transferred, reports[i - 1].transferred);
}

TEST_P(streaming, a_chunked_body_streams_to_a_file_with_progress_but_no_total) {
    mock_server server;
    server.enqueue(mock_response().body(patterned_bytes(1'000'000)).chunked(10'000));
    temp_file target;
    http::client client(options());
    auto req = http::request::get(server.url("/file"));
    req.options().sink = http::file_sink(target.path());
    std::vector<http::progress> reports;
    req.options().on_download_progress = [&](const http::progress& p) { reports.push_back(p); };
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_TRUE(r->body().empty());
    EXPECT_EQ(target.read(), patterned_bytes(1'000'000));
    ASSERT_FALSE(reports.empty());
    EXPECT_EQ(reports.back().transferred, 1'000'000u);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        EXPECT_EQ(reports[i].total, std::nullopt) << "a chunked body announces no size (report " << i << ")";
        if (i > 0) {
            EXPECT_GE(reports[i].transferred, reports[i - 1].transferred);
        }
    }
}

TEST_P(streaming, an_8_mib_body_goes_up_and_comes_back_byte_for_byte) {
    // The server echoes the body it received; patterned bytes show any byte
    // lost, doubled or moved on the way, in either direction.
    const auto data = patterned_bytes(8 * 1024 * 1024);
    struct big_case {
        std::string name;
        bool chunked;  // the upload as a stream of unknown size, the answer chunked, into a file
    };
    for (const auto& c : {big_case{"sized", false}, big_case{"chunked", true}}) {
        SCOPED_TRACE(c.name);
        mock_server server;
        server.route("PUT", "/echo", [chunked = c.chunked](const tether::testing::recorded_request& rec) {
            auto echo = mock_response().body(rec.body);
            if (chunked) echo.chunked(64 * 1024);
            return echo;
        });
        http::client client(options());
        std::size_t offset = 0;
        auto body = c.chunked ? http::body::stream(
                                    [&](std::span<char> out) -> result<std::size_t> {
                                        auto n = std::min(out.size(), data.size() - offset);
                                        std::memcpy(out.data(), data.data() + offset, n);
                                        offset += n;
                                        return n;
                                    },
                                    std::nullopt)
                              : http::body::bytes(data);
        auto req = http::request::put(server.url("/echo"), body);
        temp_file target;
        if (c.chunked) req.options().sink = http::file_sink(target.path());
        auto r = client.execute(req);
        ASSERT_TRUE(r) << r.error().to_string();
        auto rec = server.take_request();
        ASSERT_TRUE(rec);
        EXPECT_EQ(rec->headers.contains("Transfer-Encoding"), c.chunked);
        EXPECT_TRUE(rec->body == data) << "the server received other bytes than were sent";
        const auto received = c.chunked ? target.read() : r->body();
        EXPECT_EQ(received.size(), data.size());
        EXPECT_TRUE(received == data) << "the client received other bytes than the server sent";
    }
}

TEST_P(streaming, a_broken_download_leaves_no_file_behind) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(500'000, 'x')).drop_after(100'000));
    temp_file target;
    http::client client(options());
    auto req = http::request::get(server.url("/file"));
    req.options().sink = http::file_sink(target.path());
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::connection_reset);
    EXPECT_FALSE(std::filesystem::exists(target.path()));
    EXPECT_FALSE(std::filesystem::exists(target.path().string() + ".part"));
}

TEST_P(streaming, an_error_status_is_not_written_to_the_file) {
    mock_server server;
    server.enqueue(mock_response::json({{"message", "gone"}}, 404));
    temp_file target;
    http::client client(options());
    auto req = http::request::get(server.url("/file"));
    req.options().sink = http::file_sink(target.path());
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::not_found);
    EXPECT_NE(r.error().message().find("gone"), std::string::npos) << "the error body stays readable";
    EXPECT_FALSE(std::filesystem::exists(target.path()));
}

TEST_P(streaming, an_unwritable_download_target_is_an_io_error) {
    mock_server server;
    server.enqueue(mock_response().body("data"));
    http::client client(options());
    auto req = http::request::get(server.url("/file"));
    req.options().sink = http::file_sink("/nonexistent-dir/tether/out.bin");
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::io_failed);
    EXPECT_NE(r.error().message().find("/nonexistent-dir/tether/out.bin"), std::string::npos);
}

TEST_P(streaming, upload_progress_reaches_the_total) {
    mock_server server;
    server.enqueue(mock_response::text("ok"));
    temp_file file(patterned_bytes(1'500'000));
    http::client client(options());
    auto req = http::request::put(server.url("/up"), http::body::file(file.path()));
    std::uint64_t last = 0;
    std::optional<std::uint64_t> total;
    req.options().on_upload_progress = [&](const http::progress& p) {
        last = p.transferred;
        total = p.total;
    };
    ASSERT_TRUE(client.execute(req));
    EXPECT_EQ(last, 1'500'000u);
    EXPECT_EQ(total, 1'500'000u);
    EXPECT_EQ(server.take_request()->body.size(), 1'500'000u);
}

TEST_P(streaming, upload_progress_of_a_stream_of_unknown_size_counts_every_byte_without_a_total) {
    mock_server server;
    server.enqueue(mock_response::text("ok"));
    http::client client(options());
    std::size_t offset = 0;
    auto body = http::body::stream(
        [&](std::span<char> out) -> result<std::size_t> {
            auto n = std::min<std::size_t>({out.size(), 300'000 - offset, 4096});
            std::memset(out.data(), 'u', n);
            offset += n;
            return n;
        },
        std::nullopt);
    auto req = http::request::post(server.url("/up"), body);
    std::vector<http::progress> reports;
    req.options().on_upload_progress = [&](const http::progress& p) { reports.push_back(p); };
    ASSERT_TRUE(client.execute(req));
    ASSERT_FALSE(reports.empty());
    EXPECT_EQ(reports.back().transferred, 300'000u);
    EXPECT_EQ(reports.back().total, std::nullopt);
    EXPECT_EQ(server.take_request()->body.size(), 300'000u);
}

TEST_P(streaming, a_body_over_the_limit_is_refused_from_its_content_length) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(2'000, 'x')));
    auto opts = options();
    opts.max_body_size = 1'000;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::body_too_large);
    EXPECT_THROW(r.value(), policy_error);
}

TEST_P(streaming, a_chunked_body_over_the_limit_is_cut_off) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(50'000, 'x')).chunked(1'000));
    auto opts = options();
    opts.max_body_size = 10'000;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::body_too_large);
}

TEST_P(streaming, a_body_at_the_limit_is_accepted) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(1'000, 'x')).chunked(100));
    http::client client(options());
    auto req = http::request::get(server.url("/"));
    req.options().max_body_size = 1'000;
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body().size(), 1'000u);
}

TEST_P(streaming, compressed_bodies_are_decoded) {
    for (auto encoding : {mock_response::encoding::gzip, mock_response::encoding::deflate, mock_response::encoding::br}) {
        mock_server server;
        server.enqueue(mock_response().body(patterned_bytes(200'000)).encode(encoding));
        http::client client(options());
        auto r = client.execute(http::request::get(server.url("/")));
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_EQ(r->body(), patterned_bytes(200'000));
        auto rec = server.take_request();
        ASSERT_TRUE(rec);
        auto accept = rec->headers.get("Accept-Encoding").value_or("");
        EXPECT_NE(accept.find("gzip"), std::string_view::npos);
        EXPECT_NE(accept.find("deflate"), std::string_view::npos);
        EXPECT_NE(accept.find("br"), std::string_view::npos);
    }
}

TEST_P(streaming, a_decoded_body_no_longer_claims_its_content_encoding_or_length) {
    // Headers that describe the encoded body would lie about the decoded one
    // (OkHttp's BridgeInterceptor, Go's Transport and reqwest drop both).
    for (auto encoding : {mock_response::encoding::gzip, mock_response::encoding::deflate, mock_response::encoding::br}) {
        mock_server server;
        server.enqueue(mock_response().body(patterned_bytes(20'000)).encode(encoding));
        http::client client(options());
        auto r = client.execute(http::request::get(server.url("/")));
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_EQ(r->body(), patterned_bytes(20'000));
        EXPECT_FALSE(r->headers().contains("Content-Encoding")) << static_cast<int>(encoding);
        EXPECT_FALSE(r->headers().contains("Content-Length")) << static_cast<int>(encoding);
    }
}

TEST_P(streaming, a_compressed_chunked_body_reaches_a_sink_decoded) {
    mock_server server;
    server.enqueue(mock_response().body(patterned_bytes(500'000)).encode(mock_response::encoding::gzip).chunked(3'000));
    http::client client(options());
    std::string got;
    auto req = http::request::get(server.url("/"));
    req.options().sink = http::callback_sink([&](std::string_view chunk) {
        got += chunk;
        return true;
    });
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_TRUE(got == patterned_bytes(500'000)) << "got " << got.size() << " bytes";
}

TEST_P(streaming, decompression_can_be_turned_off) {
    mock_server server;
    server.enqueue(mock_response().body("hello").encode(mock_response::encoding::gzip));
    auto opts = options();
    opts.decompress = false;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r);
    ASSERT_GE(r->body().size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(r->body()[0]), 0x1f);  // the gzip magic
    EXPECT_EQ(static_cast<unsigned char>(r->body()[1]), 0x8b);
    EXPECT_EQ(r->headers().get("Content-Encoding"), "gzip");
    auto rec = server.take_request();
    ASSERT_TRUE(rec);
    EXPECT_FALSE(rec->headers.contains("Accept-Encoding")) << "nothing is offered that will not be decoded";
}

INSTANTIATE_TEST_SUITE_P(transports, streaming, ::testing::ValuesIn(tested_transports()), transport_name);
