// The native transport's response parsing, fed bytes in every split.

#include "http/native/response_reader.hpp"

#include <tether/core/errc.hpp>

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string_view>

#include <string>
#include <vector>

namespace {

using tether::errc;
using tether::result;
using tether::http::call_options;
using tether::http::response;
using tether::http::native::max_header_bytes;
using tether::http::native::response_reader;

struct reading {
    result<response> outcome = tether::error(errc::internal_error, "not read");
    std::size_t used = 0;
    bool keep_alive = false;
};

// Feeds `wire` in pieces of `piece` bytes, then the close when `then_close`.
reading read_all(const std::string& wire, std::size_t piece, bool then_close = false, bool head = false,
                 bool decompress = true, const call_options& options = {}) {
    response_reader reader(head, decompress, options);
    reading out;
    std::string pending;
    for (std::size_t at = 0; at < wire.size() && !reader.done(); at += piece) {
        pending += wire.substr(at, piece);
        auto used = reader.feed(pending);
        if (!used) {
            out.outcome = std::move(used).error();
            return out;
        }
        out.used += *used;
        pending.erase(0, *used);
    }
    if (!reader.done() && then_close) {
        if (auto r = reader.feed_eof(); !r) {
            out.outcome = std::move(r).error();
            return out;
        }
    }
    if (!reader.done()) {
        out.outcome = tether::error(errc::internal_error, "incomplete");
        return out;
    }
    out.keep_alive = reader.keep_alive();
    out.outcome = reader.take();
    return out;
}

std::string gzip(const std::string& plain) {
    z_stream z{};
    deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, static_cast<uLong>(plain.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
    z.avail_in = static_cast<uInt>(plain.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

class response_reader_splits : public ::testing::TestWithParam<std::size_t> {};

TEST_P(response_reader_splits, content_length_body_with_repeated_and_odd_cased_headers) {
    const std::string wire =
        "HTTP/1.1 201 Created Here\r\nX-Odd-CASE: a\r\nSet-Cookie: one=1\r\nSet-Cookie: two=2\r\n"
        "Content-Length: 5\r\n\r\nhello";
    auto r = read_all(wire, GetParam());
    ASSERT_TRUE(r.outcome) << r.outcome.error().to_string();
    EXPECT_EQ(r.outcome->status(), 201);
    EXPECT_EQ(r.outcome->reason(), "Created Here");
    EXPECT_EQ(r.outcome->body(), "hello");
    EXPECT_EQ(r.outcome->headers().get("x-odd-case"), "a");
    EXPECT_EQ(r.outcome->headers().get_all("set-cookie"), (std::vector<std::string_view>{"one=1", "two=2"}));
    EXPECT_EQ(r.outcome->version(), tether::http::http_version::http1_1);
    EXPECT_TRUE(r.keep_alive);
    EXPECT_EQ(r.used, wire.size());
}

TEST_P(response_reader_splits, chunked_body_with_extensions_and_trailers) {
    const std::string wire =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3;ext=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-Checksum: 42\r\n\r\n";
    auto r = read_all(wire, GetParam());
    ASSERT_TRUE(r.outcome) << r.outcome.error().to_string();
    EXPECT_EQ(r.outcome->body(), "abc0123456789abcdef");
    EXPECT_EQ(r.outcome->headers().get("X-Checksum"), "42");
    EXPECT_TRUE(r.keep_alive);
}

TEST_P(response_reader_splits, informational_responses_are_skipped) {
    const std::string wire =
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    auto r = read_all(wire, GetParam());
    ASSERT_TRUE(r.outcome) << r.outcome.error().to_string();
    EXPECT_EQ(r.outcome->status(), 200);
    EXPECT_FALSE(r.outcome->headers().contains("Link"));
    EXPECT_EQ(r.outcome->body(), "ok");
}

TEST_P(response_reader_splits, a_body_delimited_by_the_close_ends_with_it) {
    const std::string wire = "HTTP/1.0 200 OK\r\n\r\nuntil the end";
    auto r = read_all(wire, GetParam(), true);
    ASSERT_TRUE(r.outcome) << r.outcome.error().to_string();
    EXPECT_EQ(r.outcome->body(), "until the end");
    EXPECT_EQ(r.outcome->version(), tether::http::http_version::http1_0);
    EXPECT_FALSE(r.keep_alive);
}

TEST_P(response_reader_splits, gzip_is_decoded_and_its_headers_dropped) {
    std::string plain;
    for (int i = 0; i < 5000; ++i) plain += std::to_string(i) + ",";
    const auto packed = gzip(plain);
    const std::string wire = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
                             std::to_string(packed.size()) + "\r\n\r\n" + packed;
    auto r = read_all(wire, GetParam());
    ASSERT_TRUE(r.outcome) << r.outcome.error().to_string();
    EXPECT_EQ(r.outcome->body(), plain);
    EXPECT_FALSE(r.outcome->headers().contains("Content-Encoding"));
    EXPECT_FALSE(r.outcome->headers().contains("Content-Length"));
}

INSTANTIATE_TEST_SUITE_P(pieces, response_reader_splits, ::testing::Values(1, 2, 7, 64, 100000));

TEST(response_reader, keeps_the_encoding_when_not_decompressing) {
    const auto packed = gzip("plain");
    const std::string wire = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
                             std::to_string(packed.size()) + "\r\n\r\n" + packed;
    auto r = read_all(wire, 4096, false, false, false);
    ASSERT_TRUE(r.outcome);
    EXPECT_EQ(r.outcome->body(), packed);
    EXPECT_EQ(r.outcome->headers().get("Content-Encoding"), "gzip");
}

TEST(response_reader, a_head_response_has_no_body_whatever_it_announces) {
    auto r = read_all("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", 4096, false, true);
    ASSERT_TRUE(r.outcome) << r.outcome.error().to_string();
    EXPECT_EQ(r.outcome->body(), "");
    EXPECT_EQ(r.outcome->headers().get("Content-Length"), "1000");
    EXPECT_TRUE(r.keep_alive);
}

TEST(response_reader, stops_at_the_end_of_the_response) {
    const std::string first = "HTTP/1.1 204 No Content\r\n\r\n";
    auto r = read_all(first + "HTTP/1.1 200 OK\r\n\r\n", 4096);
    ASSERT_TRUE(r.outcome);
    EXPECT_EQ(r.used, first.size()) << "bytes after the response are left to the caller";
}

TEST(response_reader, connection_close_is_not_kept_alive) {
    auto r = read_all("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 4096);
    ASSERT_TRUE(r.outcome);
    EXPECT_FALSE(r.keep_alive);
}

struct broken_case {
    const char* name;
    std::string wire;
    bool then_close;
    errc expected;
};

TEST(response_reader, broken_answers_are_typed_errors) {
    std::vector<broken_case> cases{
        {"garbage", "HELLO\r\n\r\n", false, errc::protocol_violation},
        {"no status code", "HTTP/1.1 OK\r\n\r\n", false, errc::protocol_violation},
        {"status 000", "HTTP/1.1 000 Zero\r\nContent-Length: 0\r\n\r\n", false, errc::protocol_violation},
        {"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, errc::protocol_violation},
        {"two content lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", false,
         errc::protocol_violation},
        {"closed before any byte", "", true, errc::connection_reset},
        {"closed after an informational response", "HTTP/1.1 100 Continue\r\n\r\n", true, errc::connection_reset},
        {"closed in the headers", "HTTP/1.1 200 OK\r\nX-A: b\r\n", true, errc::connection_reset},
        {"closed in the body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true, errc::connection_reset},
        {"closed in a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc", true,
         errc::connection_reset},
        {"gzip that is not", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc", false,
         errc::protocol_violation},
        {"an unknown coding", "HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\nContent-Length: 3\r\n\r\nabc", false,
         errc::protocol_violation},
    };
    for (const auto& c : cases) {
        for (std::size_t piece : {std::size_t{1}, std::size_t{4096}}) {
            SCOPED_TRACE(std::string(c.name) + " in pieces of " + std::to_string(piece));
            auto r = read_all(c.wire, piece, c.then_close);
            ASSERT_FALSE(r.outcome);
            EXPECT_EQ(r.outcome.error().code(), c.expected) << r.outcome.error().to_string();
        }
    }
}

TEST(response_reader, an_unknown_coding_without_a_body_is_fine) {
    auto r = read_all("HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\nContent-Length: 0\r\n\r\n", 4096);
    ASSERT_TRUE(r.outcome) << r.outcome.error().to_string();
}

TEST(response_reader, the_header_section_is_limited_in_total_however_it_arrives) {
    std::string wire = "HTTP/1.1 200 OK\r\n";
    while (wire.size() <= max_header_bytes) wire += "X-Filler: " + std::string(60, 'f') + "\r\n";
    wire += "Content-Length: 0\r\n\r\n";
    for (std::size_t piece : {std::size_t{100}, std::size_t{8192}, wire.size()}) {
        auto r = read_all(wire, piece);
        ASSERT_FALSE(r.outcome) << "in pieces of " << piece;
        EXPECT_EQ(r.outcome.error().code(), errc::protocol_violation);
    }
}

TEST(response_reader, endless_informational_responses_are_refused) {
    std::string wire;
    for (int i = 0; i < 100; ++i) wire += "HTTP/1.1 100 Continue\r\n\r\n";
    auto r = read_all(wire, 4096);
    ASSERT_FALSE(r.outcome);
    EXPECT_EQ(r.outcome.error().code(), errc::protocol_violation);
}

TEST(response_reader, max_body_size_refuses_an_announced_or_a_growing_body) {
    call_options options;
    options.max_body_size = 4;
    auto announced = read_all("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 4096, false, false, true, options);
    ASSERT_FALSE(announced.outcome);
    EXPECT_EQ(announced.outcome.error().code(), errc::body_too_large);
    auto growing = read_all("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n", 4096,
                            false, false, true, options);
    ASSERT_FALSE(growing.outcome);
    EXPECT_EQ(growing.outcome.error().code(), errc::body_too_large);
    auto fits = read_all("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfour", 4096, false, false, true, options);
    EXPECT_TRUE(fits.outcome);
}

TEST(response_reader, reports_download_progress_against_the_announced_length) {
    call_options options;
    std::vector<std::uint64_t> seen;
    std::optional<std::uint64_t> total;
    options.on_download_progress = [&](const tether::http::progress& p) {
        seen.push_back(p.transferred);
        total = p.total;
    };
    auto r = read_all("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 3, false, false, true, options);
    ASSERT_TRUE(r.outcome);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 10u);
    EXPECT_EQ(total, 10u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST(response_reader, a_throwing_progress_callback_is_an_error_not_a_crash) {
    call_options options;
    options.on_download_progress = [](const tether::http::progress&) { throw std::runtime_error("boom"); };
    auto r = read_all("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 4096, false, false, true, options);
    ASSERT_FALSE(r.outcome);
    EXPECT_EQ(r.outcome.error().code(), errc::internal_error);
}

}  // namespace
