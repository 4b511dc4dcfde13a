#include "core/tls/host_pattern.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

using tether::tls::host_pattern;

struct match_case {
    const char* pattern;
    const char* host;
    bool matches;
};

// OkHttp's CertificatePinner rules: "*." is exactly one label, "**." any
// number of labels including none; case never matters.
const std::vector<match_case> cases = {
    {"api.example.com", "api.example.com", true},
    {"api.example.com", "API.Example.COM", true},
    {"API.EXAMPLE.COM", "api.example.com", true},
    {"api.example.com", "api.example.com.", true},  // a final dot names the same host
    {"api.example.com", "example.com", false},
    {"api.example.com", "www.api.example.com", false},
    {"*.example.com", "api.example.com", true},
    {"*.example.com", "example.com", false},
    {"*.example.com", "a.b.example.com", false},
    {"*.example.com", "apiexample.com", false},
    {"*.example.com", ".example.com", false},
    {"**.example.com", "example.com", true},
    {"**.example.com", "api.example.com", true},
    {"**.example.com", "a.b.example.com", true},
    {"**.example.com", "badexample.com", false},
    {"**.example.com", "example.com.evil.test", false},
    {"127.0.0.1", "127.0.0.1", true},
    {"127.0.0.1", "127.0.0.2", false},
    {"::1", "[::1]", true},
    {"[::1]", "::1", true},
};

TEST(host_pattern, matches_hosts_as_okhttp_does) {
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.pattern) + " vs " + c.host);
        EXPECT_EQ(host_pattern(c.pattern).matches(c.host), c.matches);
    }
}

TEST(host_pattern, wildcards_elsewhere_than_the_leftmost_label_are_refused_with_the_rule) {
    for (const auto* bad : {"api.*.example.com", "a*.example.com", "*example.com", "***.example.com", "*", "*.",
                            "example.*"}) {
        SCOPED_TRACE(bad);
        try {
            host_pattern p(bad);
            ADD_FAILURE() << "accepted";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "' is not a host pattern"),
                      std::string::npos)
                << e.what();
        }
    }
}

TEST(host_pattern, schemes_ports_paths_and_empty_labels_are_refused) {
    for (const auto* bad : {"", "https://api.example.com", "api.example.com:443", "api.example.com/v1",
                            "a..example.com", ".example.com", "api example.com"}) {
        SCOPED_TRACE(bad);
        EXPECT_THROW(host_pattern p(bad), std::invalid_argument);
    }
}

TEST(host_pattern, ip_addresses_are_exact_patterns_only) {
    EXPECT_NO_THROW(host_pattern p("10.0.0.7"));
    EXPECT_NO_THROW(host_pattern p("2001:db8::1"));
    EXPECT_THROW(host_pattern p("*.2001:db8::1"), std::invalid_argument);
    EXPECT_THROW(host_pattern p("**.::1"), std::invalid_argument);
}

}  // namespace
