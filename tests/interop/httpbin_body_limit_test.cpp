// max_body_size against real responses: announced, chunked and compressed.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <gtest/gtest.h>

namespace {

using namespace tether;
using tether::interop::bounded_options;
using tether::interop::httpbin_url;

TEST(httpbin_body_limit, announced_length_over_max_body_size_fails_with_body_too_large) {
    http::client client(bounded_options());
    auto req = http::request::get(httpbin_url("/bytes/102400"));
    req.options().max_body_size = 1000;
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::body_too_large) << r.error().to_string();
}

TEST(httpbin_body_limit, chunked_body_growing_past_max_body_size_fails_with_body_too_large) {
    http::client client(bounded_options());
    auto req = http::request::get(httpbin_url("/stream-bytes/100000?chunk_size=1000"));
    req.options().max_body_size = 5000;
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::body_too_large) << r.error().to_string();
}

// The limit protects memory, so it counts the decoded bytes: a small gzip
// body that inflates past it is refused (a decompression bomb guard).
TEST(httpbin_body_limit, max_body_size_counts_the_decoded_bytes_not_the_compressed_ones) {
    auto raw_options = bounded_options();
    raw_options.decompress = false;
    auto raw = http::client(raw_options).execute(http::request::get(httpbin_url("/gzip")));
    ASSERT_TRUE(raw) << raw.error().to_string();
    http::client client(bounded_options());
    auto decoded = client.execute(http::request::get(httpbin_url("/gzip")));
    ASSERT_TRUE(decoded) << decoded.error().to_string();
    const auto compressed_size = raw->body().size();
    const auto decoded_size = decoded->body().size();
    ASSERT_LT(compressed_size + 2, decoded_size) << "httpbin's /gzip document no longer inflates";

    auto req = http::request::get(httpbin_url("/gzip"));
    req.options().max_body_size = decoded_size - 1;  // above the compressed size
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::body_too_large) << r.error().to_string();
}

}  // namespace
