// Cache keys: one per URL; variants per credentials and per Vary.

#include "http/cache/cache_key.hpp"

#include <gtest/gtest.h>

namespace {

using tether::http::headers;
using tether::http::request;
using tether::http::cache::primary_key;
using tether::http::cache::variant_key;

const std::vector<std::string> partition{"Authorization", "Cookie"};

TEST(cache_key, one_key_per_url_without_fragment_and_no_url_text_in_it) {
    const auto a = primary_key(request::get("http://h/users/1?token=s3cret"));
    EXPECT_EQ(a.size(), 64u);
    EXPECT_EQ(a.find("s3cret"), std::string::npos);
    EXPECT_EQ(a, primary_key(request::get("http://h/users/1?token=s3cret#top")));
    EXPECT_NE(a, primary_key(request::get("http://h/users/2?token=s3cret")));
}

TEST(cache_key, credentials_select_their_own_variant_without_showing_in_it) {
    const headers res;
    auto alice = variant_key(res, headers{{"Authorization", "Bearer alice-token"}}, partition);
    auto bob = variant_key(res, headers{{"Authorization", "Bearer bob-token"}}, partition);
    auto nobody = variant_key(res, headers{}, partition);
    ASSERT_TRUE(alice && bob && nobody);
    EXPECT_NE(*alice, *bob);
    EXPECT_NE(*alice, *nobody);
    EXPECT_EQ(alice->find("alice"), std::string::npos);
    EXPECT_EQ(*alice, *variant_key(res, headers{{"authorization", "Bearer alice-token"}}, partition));
    EXPECT_NE(*variant_key(res, headers{{"Cookie", "sid=1"}}, partition),
              *variant_key(res, headers{{"Cookie", "sid=2"}}, partition));
}

TEST(cache_key, vary_selects_by_the_named_request_headers_normalized) {
    const headers res{{"Vary", "Accept-Language, accept-encoding"}};
    auto en = variant_key(res, headers{{"Accept-Language", "en"}}, partition);
    auto fr = variant_key(res, headers{{"Accept-Language", "fr"}}, partition);
    auto spaced = variant_key(res, headers{{"accept-language", " en "}}, partition);
    auto none = variant_key(res, headers{}, partition);
    auto empty = variant_key(res, headers{{"Accept-Language", ""}}, partition);
    EXPECT_NE(*en, *fr);
    EXPECT_EQ(*en, *spaced);
    EXPECT_NE(*none, *empty) << "absent and empty are different requests";
    // Order and case of the Vary names do not matter.
    EXPECT_EQ(*en, *variant_key(headers{{"Vary", "ACCEPT-ENCODING"}, {"Vary", "accept-language"}},
                                headers{{"Accept-Language", "en"}}, partition));
    // Headers not named by Vary do not matter.
    EXPECT_EQ(*en, *variant_key(res, headers{{"Accept-Language", "en"}, {"X-Other", "1"}}, partition));
}

TEST(cache_key, vary_star_matches_nothing) {
    EXPECT_FALSE(variant_key(headers{{"Vary", "Accept, *"}}, headers{}, partition));
}

}  // namespace
