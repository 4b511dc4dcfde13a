#include <tether/core/exceptions.hpp>
#include <tether/core/result.hpp>

#include "support/errc_count.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <typeinfo>
#include <utility>
#include <vector>

namespace {

using tether::errc;
using tether::error;
using tether::result;

struct point {
    int x = 0;
    int y = 0;
};

TEST(result, holds_a_value) {
    result<int> r = 42;
    EXPECT_TRUE(r.has_value());
    EXPECT_FALSE(r.has_error());
    EXPECT_TRUE(static_cast<bool>(r));
    EXPECT_EQ(*r, 42);
    EXPECT_EQ(r.value(), 42);
}

TEST(result, holds_an_error) {
    result<int> r = error(errc::not_found, "no such user");
    EXPECT_FALSE(r.has_value());
    EXPECT_TRUE(r.has_error());
    EXPECT_FALSE(static_cast<bool>(r));
    EXPECT_EQ(r.error().code(), errc::not_found);
    EXPECT_EQ(r.error().message(), "no such user");
}

TEST(result, value_is_mutable_through_a_non_const_result) {
    result<int> r = 1;
    r.value() = 5;
    EXPECT_EQ(*r, 5);
    *r = 6;
    EXPECT_EQ(r.value(), 6);
}

TEST(result, value_or_gives_the_value_when_there_is_one) {
    result<int> r = 7;
    EXPECT_EQ(r.value_or(9), 7);
}

TEST(result, value_or_gives_the_fallback_on_error) {
    result<int> r = error(errc::read_timeout, "slow");
    EXPECT_EQ(r.value_or(9), 9);
    result<std::string> s = error(errc::read_timeout, "slow");
    EXPECT_EQ(s.value_or("fallback"), "fallback");
}

TEST(result, arrow_reaches_members_of_the_value) {
    result<point> r = point{3, 4};
    EXPECT_EQ(r->x, 3);
    r->y = 8;
    const auto& cr = r;
    EXPECT_EQ(cr->y, 8);
    result<std::string> s = std::string("hello");
    EXPECT_EQ(s->size(), 5u);
}

TEST(result, in_place_constructs_the_value) {
    result<std::string> r(std::in_place, 3, 'z');
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "zzz");
}

TEST(result, move_only_values_can_be_moved_out) {
    result<std::unique_ptr<int>> r = std::make_unique<int>(11);
    std::unique_ptr<int> p = std::move(r).value();
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(*p, 11);
}

TEST(result, the_error_can_be_moved_out) {
    result<int> r = error(errc::conflict, "changed meanwhile");
    error e = std::move(r).error();
    EXPECT_EQ(e.code(), errc::conflict);
    EXPECT_EQ(e.message(), "changed meanwhile");
}

TEST(result_void, default_is_success) {
    result<void> r;
    EXPECT_TRUE(r.has_value());
    EXPECT_FALSE(r.has_error());
    EXPECT_TRUE(static_cast<bool>(r));
    EXPECT_NO_THROW(r.value());
}

TEST(result_void, holds_an_error) {
    result<void> r = error(errc::invalid_header, "bad header");
    EXPECT_FALSE(r.has_value());
    EXPECT_TRUE(r.has_error());
    EXPECT_FALSE(static_cast<bool>(r));
    EXPECT_EQ(r.error().code(), errc::invalid_header);
    EXPECT_EQ(r.error().message(), "bad header");
}

TEST(result_void, value_throws_the_typed_exception) {
    result<void> r = error(errc::invalid_url, "not a URL");
    EXPECT_THROW(r.value(), tether::invalid_request_error);
}

TEST(result, value_does_not_throw_when_there_is_a_value) {
    const result<int> r = 1;
    EXPECT_NO_THROW((void)r.value());
}

// The exception value() throws, by code: its exact (most derived) type.
struct throw_case {
    errc code;
    std::type_index type;
    const char* type_name;
};

const std::vector<throw_case> every_code_throws = {
    {errc::dns_failed, typeid(tether::network_error), "network_error"},
    {errc::connection_refused, typeid(tether::network_error), "network_error"},
    {errc::connection_reset, typeid(tether::network_error), "network_error"},
    {errc::tls_failed, typeid(tether::network_error), "network_error"},
    {errc::pinning_failed, typeid(tether::pinning_error), "pinning_error"},
    {errc::proxy_failed, typeid(tether::network_error), "network_error"},
    {errc::protocol_violation, typeid(tether::network_error), "network_error"},
    {errc::network_failed, typeid(tether::network_error), "network_error"},
    {errc::connect_timeout, typeid(tether::timeout_error), "timeout_error"},
    {errc::read_timeout, typeid(tether::timeout_error), "timeout_error"},
    {errc::deadline_exceeded, typeid(tether::timeout_error), "timeout_error"},
    {errc::cancelled, typeid(tether::cancelled_error), "cancelled_error"},
    {errc::decode_failed, typeid(tether::decode_error), "decode_error"},
    {errc::invalid_url, typeid(tether::invalid_request_error), "invalid_request_error"},
    {errc::unsupported_scheme, typeid(tether::invalid_request_error), "invalid_request_error"},
    {errc::invalid_header, typeid(tether::invalid_request_error), "invalid_request_error"},
    {errc::invalid_body, typeid(tether::invalid_request_error), "invalid_request_error"},
    {errc::io_failed, typeid(tether::invalid_request_error), "invalid_request_error"},
    {errc::body_too_large, typeid(tether::policy_error), "policy_error"},
    {errc::too_many_redirects, typeid(tether::policy_error), "policy_error"},
    {errc::insecure_redirect, typeid(tether::policy_error), "policy_error"},
    {errc::circuit_open, typeid(tether::circuit_open_error), "circuit_open_error"},
    {errc::cache_miss, typeid(tether::policy_error), "policy_error"},
    {errc::validation_failed, typeid(tether::validation_error), "validation_error"},
    {errc::unauthorized, typeid(tether::unauthorized_error), "unauthorized_error"},
    {errc::forbidden, typeid(tether::forbidden_error), "forbidden_error"},
    {errc::not_found, typeid(tether::not_found_error), "not_found_error"},
    {errc::conflict, typeid(tether::conflict_error), "conflict_error"},
    {errc::rate_limited, typeid(tether::rate_limited_error), "rate_limited_error"},
    {errc::server_error, typeid(tether::server_error), "server_error"},
    {errc::unexpected_status, typeid(tether::http_error), "http_error"},
    {errc::internal_error, typeid(tether::internal_error), "internal_error"},
};

TEST(result, the_exception_table_lists_every_code_once) {
    std::set<errc> seen;
    for (const auto& c : every_code_throws) seen.insert(c.code);
    EXPECT_EQ(seen.size(), tether::unit::errc_count);
    EXPECT_EQ(every_code_throws.size(), tether::unit::errc_count);
}

TEST(result, value_throws_the_exception_type_matching_each_code) {
    for (const auto& c : every_code_throws) {
        SCOPED_TRACE(c.type_name);
        const std::string message = "message for code " + std::to_string(static_cast<int>(c.code));
        result<int> r = error(c.code, message);
        try {
            (void)r.value();
            ADD_FAILURE() << "value() did not throw";
        } catch (const tether::exception& ex) {
            EXPECT_EQ(std::type_index(typeid(ex)), c.type) << "threw " << typeid(ex).name();
            EXPECT_EQ(ex.error().code(), c.code);
            EXPECT_EQ(ex.code(), c.code);
            EXPECT_EQ(ex.error().message(), message);
            EXPECT_NE(std::string(ex.what()).find(message), std::string::npos) << ex.what();
        } catch (...) {
            ADD_FAILURE() << "threw something that is not a tether::exception";
        }
    }
}

TEST(result, const_value_throws_too) {
    const result<std::string> r = error(errc::forbidden, "not allowed");
    EXPECT_THROW((void)r.value(), tether::forbidden_error);
}

TEST(result, rvalue_value_throws_too) {
    result<std::string> r = error(errc::conflict, "changed");
    EXPECT_THROW((void)std::move(r).value(), tether::conflict_error);
}

TEST(exceptions, not_found_is_an_http_error_and_a_tether_exception) {
    error e(errc::not_found, "no such user");
    e.with_response(nullptr, 404).with_request("GET", "https://h/users/42");
    result<int> r = e;
    try {
        (void)r.value();
        FAIL() << "no throw";
    } catch (const tether::not_found_error& ex) {
        const tether::http_error& as_http = ex;
        const tether::exception& as_base = ex;
        const std::runtime_error& as_std = ex;
        EXPECT_EQ(as_http.status(), 404);
        EXPECT_EQ(as_base.code(), errc::not_found);
        EXPECT_NE(std::string(as_std.what()).find("no such user"), std::string::npos);
    }
}

TEST(exceptions, each_http_code_is_caught_as_http_error) {
    for (auto code : {errc::validation_failed, errc::unauthorized, errc::forbidden, errc::not_found, errc::conflict,
                      errc::rate_limited, errc::server_error, errc::unexpected_status}) {
        result<void> r = error(code, "x");
        EXPECT_THROW(r.value(), tether::http_error) << tether::to_string(code);
    }
}

TEST(exceptions, non_http_codes_are_not_http_errors) {
    for (auto code : {errc::dns_failed, errc::read_timeout, errc::cancelled, errc::decode_failed, errc::invalid_url,
                      errc::body_too_large, errc::internal_error}) {
        result<void> r = error(code, "x");
        try {
            r.value();
            ADD_FAILURE() << "no throw for " << tether::to_string(code);
        } catch (const tether::http_error&) {
            ADD_FAILURE() << tether::to_string(code) << " was thrown as an http_error";
        } catch (const tether::exception&) {
        }
    }
}

TEST(exceptions, network_error_is_caught_as_network_error_with_the_full_error) {
    error e(errc::connection_refused, "nothing listens on 127.0.0.1:1");
    e.with_request("GET", "http://127.0.0.1:1/x").with_attempts(3);
    result<int> r = e;
    try {
        (void)r.value();
        FAIL() << "no throw";
    } catch (const tether::network_error& ex) {
        EXPECT_EQ(ex.error().method(), "GET");
        EXPECT_EQ(ex.error().url(), "http://127.0.0.1:1/x");
        EXPECT_EQ(ex.error().attempts(), 3);
        const std::string what = ex.what();
        EXPECT_NE(what.find("connection_refused"), std::string::npos) << what;
        EXPECT_NE(what.find("GET http://127.0.0.1:1/x"), std::string::npos) << what;
        EXPECT_NE(what.find("after 3 attempts"), std::string::npos) << what;
        EXPECT_NE(what.find("nothing listens on 127.0.0.1:1"), std::string::npos) << what;
    }
}

TEST(exceptions, decode_error_keeps_the_offset) {
    error e(errc::decode_failed, "invalid JSON");
    e.with_offset(9);
    result<int> r = e;
    try {
        (void)r.value();
        FAIL() << "no throw";
    } catch (const tether::decode_error& ex) {
        EXPECT_EQ(ex.error().offset(), std::size_t{9});
    }
}

TEST(exceptions, http_error_status_is_zero_without_a_status) {
    tether::http_error ex(error(errc::unexpected_status, "x"));
    EXPECT_EQ(ex.status(), 0);
}

}  // namespace
