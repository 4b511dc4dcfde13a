#include "core/tls/pin_set.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

using tether::certificate_pin;
using tether::tls::parse_pin;
using tether::tls::pin_set;
using tether::tls::pin_text;

// Three well-formed pins (the base64 of 32 bytes of 0x00, 0x01 and 0xFF).
const std::string zeros = "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
const std::string ones = "sha256/AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
const std::string all_ff = "sha256///////////////////////////////////////////8=";

std::string refusal(const std::vector<certificate_pin>& pins) {
    try {
        pin_set set(pins);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(pin_set, hosts_no_pattern_matches_have_no_pins) {
    const pin_set set({{"api.example.com", {zeros}}});
    EXPECT_TRUE(set.pins_for("www.example.com").empty());
    EXPECT_EQ(set.pins_for("api.example.com").size(), 1u);
}

TEST(pin_set, every_matching_pattern_contributes_its_pins_once_in_order) {
    const pin_set set(
        {{"api.example.com", {zeros, ones}}, {"**.example.com", {ones, all_ff}}, {"*.other.test", {zeros}}});
    const auto pins = set.pins_for("API.example.com");
    ASSERT_EQ(pins.size(), 3u);
    EXPECT_EQ(pin_text(pins[0]), zeros);
    EXPECT_EQ(pin_text(pins[1]), ones);
    EXPECT_EQ(pin_text(pins[2]), all_ff);
}

TEST(pin_set, an_empty_list_pins_nothing) {
    const pin_set set({});
    EXPECT_TRUE(set.empty());
    EXPECT_TRUE(set.pins_for("api.example.com").empty());
}

TEST(pin_set, a_malformed_pin_is_refused_naming_the_entry_the_pin_and_the_rule) {
    const auto m = refusal({{"a.example.com", {zeros}}, {"b.example.com", {ones, "sha256/abc="}}});
    EXPECT_NE(m.find("tls_options::pins[1]: 'sha256/abc=' is not a pin: a pin is \"sha256/\" followed by the base64"),
              std::string::npos)
        << m;
}

TEST(pin_set, pins_that_are_not_sha256_base64_of_32_bytes_are_refused) {
    for (const auto& bad : std::vector<std::string>{
             "",
             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",            // no algorithm
             "SHA256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",     // the prefix is lower case
             "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",      // padding missing
             "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",     // 31 bytes
             "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  // 36 bytes
             "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-=",     // base64url
             "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=",     // bits past the hash
             " sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
         }) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE(parse_pin(bad));
        EXPECT_NE(refusal({{"api.example.com", {bad}}}).find("is not a pin"), std::string::npos);
    }
}

TEST(pin_set, sha1_pins_are_refused_with_a_pointer_to_sha256) {
    const auto m = refusal({{"api.example.com", {"sha1/AAAAAAAAAAAAAAAAAAAAAAAAAAA="}}});
    EXPECT_NE(m.find("sha1 pins are not supported"), std::string::npos) << m;
}

TEST(pin_set, a_pattern_without_pins_is_refused) {
    const auto m = refusal({{"api.example.com", {}}});
    EXPECT_NE(m.find("tls_options::pins[0] ('api.example.com') has no pins"), std::string::npos) << m;
}

TEST(pin_set, a_malformed_pattern_is_refused_naming_the_entry) {
    const auto m = refusal({{"api.example.com", {zeros}}, {"https://api.example.com", {zeros}}});
    EXPECT_NE(m.find("tls_options::pins[1].host_pattern: 'https://api.example.com' is not a host pattern"),
              std::string::npos)
        << m;
}

TEST(pin_set, pin_text_and_parse_pin_round_trip) {
    for (const auto& text : {zeros, ones, all_ff}) {
        auto hash = parse_pin(text);
        ASSERT_TRUE(hash) << text;
        EXPECT_EQ(pin_text(*hash), text);
    }
    auto ff = parse_pin(all_ff);
    ASSERT_TRUE(ff);
    for (auto byte : *ff) EXPECT_EQ(byte, 0xFF);
}

}  // namespace
