// Content-Encoding as httpbin applies it: gzip, deflate and brotli bodies are
// decoded unless the client was told not to.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace {

using namespace tether;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;
using tether::interop::json_object;
using tether::interop::string_member;

class httpbin_compression : public transport_test {};

struct encoding_case {
    const char* path;
    const char* flag;    // the member httpbin sets to true in the document
    const char* token;   // the coding the client must have offered
};

TEST_P(httpbin_compression, gzip_deflate_and_brotli_bodies_are_decoded_to_plain_json) {
    http::client client(options());
    for (auto c : {encoding_case{"/gzip", "gzipped", "gzip"}, encoding_case{"/deflate", "deflated", "deflate"},
                   encoding_case{"/brotli", "brotli", "br"}}) {
        SCOPED_TRACE(c.path);
        auto r = client.execute(http::request::get(httpbin_url(c.path)));
        ASSERT_TRUE(r) << r.error().to_string();
        ASSERT_FALSE(r->body().empty());
        EXPECT_EQ(r->body().front(), '{') << "the body is still encoded";
        auto doc = json_object(*r);
        EXPECT_EQ(doc.at(c.flag), true);
        auto offered = string_member(doc.at("headers").as_object(), "Accept-Encoding");
        EXPECT_NE(offered.find(c.token), std::string::npos) << "Accept-Encoding: " << offered;
    }
}

// Headers that describe the encoded body would lie about the decoded one
// (an interceptor that caches or re-serves the response would decode it
// twice or truncate it); OkHttp (BridgeInterceptor), Go's net/http
// Transport and reqwest remove both when they decode.
TEST_P(httpbin_compression, decoded_response_no_longer_claims_content_encoding_or_length) {
    http::client client(options());
    auto r = client.execute(http::request::get(httpbin_url("/gzip")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_FALSE(r->headers().contains("Content-Encoding")) << "the body is no longer gzip";
    auto length = r->headers().get("Content-Length");
    if (length) {
        EXPECT_EQ(*length, std::to_string(r->body().size())) << "Content-Length describes the encoded body";
    }
}

// zlib's inflate with gzip framing, to show the raw body is intact gzip.
std::string gunzip(const std::string& in) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return {};
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::string out;
    char buffer[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string();
}

TEST_P(httpbin_compression, decompress_off_returns_the_raw_gzip_bytes) {
    auto opts = options();
    opts.decompress = false;
    http::client client(opts);
    auto r = client.execute(http::request::get(httpbin_url("/gzip")));
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_GE(r->body().size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(r->body()[0]), 0x1f) << "gzip magic (RFC 1952 §2.3.1)";
    EXPECT_EQ(static_cast<unsigned char>(r->body()[1]), 0x8b);
    EXPECT_EQ(r->headers().get("Content-Encoding"), "gzip");
    EXPECT_FALSE(r->json()) << "undecoded bytes are not JSON";

    auto plain = gunzip(r->body());
    ASSERT_FALSE(plain.empty()) << "the raw body is not a complete gzip stream";
    auto doc = boost::json::parse(plain).as_object();
    EXPECT_EQ(doc.at("gzipped"), true);
    // Nothing was offered, so the server chose gzip on its own.
    EXPECT_FALSE(doc.at("headers").as_object().contains("Accept-Encoding")) << doc;
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_compression, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
