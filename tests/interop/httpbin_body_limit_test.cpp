// max_body_size against real responses: announced, chunked and compressed.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <gtest/gtest.h>

namespace {

using namespace tether;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;

class httpbin_body_limit : public transport_test {};

TEST_P(httpbin_body_limit, announced_length_over_max_body_size_fails_with_body_too_large) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/bytes/102400"));
    req.options().max_body_size = 1000;
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::body_too_large) << r.error().to_string();
}

TEST_P(httpbin_body_limit, chunked_body_growing_past_max_body_size_fails_with_body_too_large) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/stream-bytes/100000?chunk_size=1000"));
    req.options().max_body_size = 5000;
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::body_too_large) << r.error().to_string();
}

// The limit protects memory, so it counts the decoded bytes: a small gzip
// body that inflates past it is refused (a decompression bomb guard).
TEST_P(httpbin_body_limit, max_body_size_counts_the_decoded_bytes_not_the_compressed_ones) {
    auto raw_options = options();
    raw_options.decompress = false;
    auto raw = http::client(raw_options).execute(http::request::get(httpbin_url("/gzip")));
    ASSERT_TRUE(raw) << raw.error().to_string();
    http::client client(options());
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

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_body_limit, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
