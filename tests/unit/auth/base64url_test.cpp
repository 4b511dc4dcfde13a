#include "auth/base64url.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using tether::errc;
using tether::auth::detail::base64url_decode;
using tether::auth::detail::base64url_encode;

// RFC 4648 §10, without the padding that RFC 7515 §2 removes.
const std::vector<std::pair<std::string_view, std::string_view>> rfc4648_vectors = {
    {"", ""},          {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
    {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
};

TEST(base64url, encodes_the_rfc_4648_test_vectors_without_padding) {
    for (const auto& [bytes, text] : rfc4648_vectors) EXPECT_EQ(base64url_encode(bytes), text) << bytes;
}

TEST(base64url, decodes_the_rfc_4648_test_vectors_without_padding) {
    for (const auto& [bytes, text] : rfc4648_vectors) {
        auto decoded = base64url_decode(text);
        ASSERT_TRUE(decoded) << text << ": " << decoded.error().message();
        EXPECT_EQ(*decoded, bytes);
    }
}

TEST(base64url, decodes_the_rfc_4648_test_vectors_with_padding) {
    const std::vector<std::pair<std::string_view, std::string_view>> padded = {
        {"f", "Zg=="}, {"fo", "Zm8="}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
    };
    for (const auto& [bytes, text] : padded) {
        auto decoded = base64url_decode(text);
        ASSERT_TRUE(decoded) << text << ": " << decoded.error().message();
        EXPECT_EQ(*decoded, bytes);
    }
}

TEST(base64url, uses_minus_and_underscore_where_base64_uses_plus_and_slash) {
    // 0xfb 0xff is "+/8=" in base64 (RFC 4648 §4) and "-_8" in base64url (§5).
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    EXPECT_EQ(base64url_decode("-_8").value(), "\xfb\xff");
    EXPECT_EQ(base64url_encode("\xff\xff\xff"), "____");
    EXPECT_EQ(base64url_encode(std::string_view("\xf8\x00\x00", 3)), "-AAA");
}

TEST(base64url, every_byte_value_round_trips) {
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    for (std::size_t len = 0; len <= all.size(); len += 37) {
        const auto bytes = all.substr(all.size() - len);
        EXPECT_EQ(base64url_decode(base64url_encode(bytes)).value(), bytes) << len;
    }
    EXPECT_EQ(base64url_decode(base64url_encode(all)).value(), all);
}

TEST(base64url, characters_of_the_standard_alphabet_and_whitespace_are_rejected) {
    const std::vector<std::string_view> invalid = {"Zm9v+mFy", "Zm9v/mFy", "Zm9v YmFy", "Zm9v\nYmFy",
                                                   "Zm9v.mFy", std::string_view("Zm9v\0mFy", 8)};
    for (auto text : invalid) {
        auto decoded = base64url_decode(text);
        ASSERT_FALSE(decoded) << text;
        EXPECT_EQ(decoded.error().code(), errc::decode_failed);
        EXPECT_NE(decoded.error().message().find("offset 4"), std::string::npos) << decoded.error().message();
    }
}

TEST(base64url, a_non_ascii_byte_is_rejected) {
    EXPECT_FALSE(base64url_decode("Zm9v\xc3\xa9"));
}

TEST(base64url, a_length_of_four_n_plus_one_is_impossible) {
    for (std::string_view text : {"Z", "Zm9vY", "Zm9vYmFyZ"}) {
        auto decoded = base64url_decode(text);
        ASSERT_FALSE(decoded) << text;
        EXPECT_NE(decoded.error().message().find("4n+1"), std::string::npos);
    }
}

TEST(base64url, padding_must_complete_the_last_group_of_four) {
    EXPECT_FALSE(base64url_decode("Zg="));     // one '=' short
    EXPECT_FALSE(base64url_decode("Zm9vYg=")); // one '=' short
    EXPECT_FALSE(base64url_decode("Zm8=="));   // one '=' too many
    EXPECT_FALSE(base64url_decode("Zg==="));   // three '='
    EXPECT_FALSE(base64url_decode("=="));      // padding alone
    EXPECT_FALSE(base64url_decode("===="));
}

TEST(base64url, padding_only_at_the_end) {
    EXPECT_FALSE(base64url_decode("Zg==Zm8="));
    EXPECT_FALSE(base64url_decode("Z=g="));
}

TEST(base64url, leftover_bits_in_the_last_character_are_ignored) {
    // "Zh" carries 'f' and four leftover bits 0001; Go's and Python's
    // decoders accept it, and nothing here depends on canonical encodings.
    EXPECT_EQ(base64url_decode("Zh").value(), "f");
}

TEST(base64url, an_error_names_the_offset_not_the_text) {
    auto decoded = base64url_decode("c2VjcmV0LXRva2Vu*");
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().message().find("c2VjcmV0"), std::string::npos);
    EXPECT_NE(decoded.error().message().find("offset 16"), std::string::npos) << decoded.error().message();
}

}  // namespace
