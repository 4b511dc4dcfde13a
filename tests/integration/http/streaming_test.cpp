// Bodies streamed to a file or a callback, progress, and body size limits.

#include "support.hpp"

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

TEST(streaming, a_callback_sink_receives_every_byte_and_nothing_is_buffered) {
    mock_server server;
    server.enqueue(mock_response().body(patterned_bytes(3'000'000)).chunked(64 * 1024));
    http::client client(quick_options());
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

TEST(streaming, a_callback_that_returns_false_stops_the_transfer) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(1'000'000, 'x')).throttle(10'000, 10ms));
    http::client client(quick_options());
    auto req = http::request::get(server.url("/"));
    req.options().sink = http::callback_sink([](std::string_view) { return false; });
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::cancelled);
}

TEST(streaming, a_file_sink_writes_the_body_and_reports_progress) {
    mock_server server;
    server.enqueue(mock_response().body(patterned_bytes(2'000'000)));
    temp_file target;
    http::client client(quick_options());
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

TEST(streaming, a_broken_download_leaves_no_file_behind) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(500'000, 'x')).drop_after(100'000));
    temp_file target;
    http::client client(quick_options());
    auto req = http::request::get(server.url("/file"));
    req.options().sink = http::file_sink(target.path());
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::connection_reset);
    EXPECT_FALSE(std::filesystem::exists(target.path()));
    EXPECT_FALSE(std::filesystem::exists(target.path().string() + ".part"));
}

TEST(streaming, an_error_status_is_not_written_to_the_file) {
    mock_server server;
    server.enqueue(mock_response::json({{"message", "gone"}}, 404));
    temp_file target;
    http::client client(quick_options());
    auto req = http::request::get(server.url("/file"));
    req.options().sink = http::file_sink(target.path());
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::not_found);
    EXPECT_NE(r.error().message().find("gone"), std::string::npos) << "the error body stays readable";
    EXPECT_FALSE(std::filesystem::exists(target.path()));
}

TEST(streaming, an_unwritable_download_target_is_an_io_error) {
    mock_server server;
    server.enqueue(mock_response().body("data"));
    http::client client(quick_options());
    auto req = http::request::get(server.url("/file"));
    req.options().sink = http::file_sink("/nonexistent-dir/tether/out.bin");
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::io_failed);
    EXPECT_NE(r.error().message().find("/nonexistent-dir/tether/out.bin"), std::string::npos);
}

TEST(streaming, upload_progress_reaches_the_total) {
    mock_server server;
    server.enqueue(mock_response::text("ok"));
    temp_file file(patterned_bytes(1'500'000));
    http::client client(quick_options());
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

TEST(streaming, a_body_over_the_limit_is_refused_from_its_content_length) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(2'000, 'x')));
    auto opts = quick_options();
    opts.max_body_size = 1'000;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::body_too_large);
    EXPECT_THROW(r.value(), policy_error);
}

TEST(streaming, a_chunked_body_over_the_limit_is_cut_off) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(50'000, 'x')).chunked(1'000));
    auto opts = quick_options();
    opts.max_body_size = 10'000;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::body_too_large);
}

TEST(streaming, a_body_at_the_limit_is_accepted) {
    mock_server server;
    server.enqueue(mock_response().body(std::string(1'000, 'x')).chunked(100));
    http::client client(quick_options());
    auto req = http::request::get(server.url("/"));
    req.options().max_body_size = 1'000;
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body().size(), 1'000u);
}

TEST(streaming, compressed_bodies_are_decoded) {
    for (auto encoding : {mock_response::encoding::gzip, mock_response::encoding::deflate, mock_response::encoding::br}) {
        mock_server server;
        server.enqueue(mock_response().body(patterned_bytes(200'000)).encode(encoding));
        http::client client(quick_options());
        auto r = client.execute(http::request::get(server.url("/")));
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_EQ(r->body(), patterned_bytes(200'000));
        auto rec = server.take_request();
        ASSERT_TRUE(rec);
        auto accept = rec->headers.get("Accept-Encoding").value_or("");
        EXPECT_NE(accept.find("gzip"), std::string_view::npos);
        EXPECT_NE(accept.find("br"), std::string_view::npos);
    }
}

TEST(streaming, decompression_can_be_turned_off) {
    mock_server server;
    server.enqueue(mock_response().body("hello").encode(mock_response::encoding::gzip));
    auto opts = quick_options();
    opts.decompress = false;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r);
    ASSERT_GE(r->body().size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(r->body()[0]), 0x1f);  // the gzip magic
    EXPECT_EQ(static_cast<unsigned char>(r->body()[1]), 0x8b);
}
