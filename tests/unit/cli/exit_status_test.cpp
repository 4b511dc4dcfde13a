#include "exit_status.hpp"

#include "support/errc_count.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <vector>

namespace {

using tether::errc;
using tether::error;
using tether::cli::exit_status_for;

TEST(exit_status, constants_have_their_documented_numbers) {
    EXPECT_EQ(tether::cli::exit_ok, 0);
    EXPECT_EQ(tether::cli::exit_failure, 1);
    EXPECT_EQ(tether::cli::exit_usage, 2);
    EXPECT_EQ(tether::cli::exit_network, 3);
    EXPECT_EQ(tether::cli::exit_timeout, 4);
    EXPECT_EQ(tether::cli::exit_client_error, 5);
    EXPECT_EQ(tether::cli::exit_server_error, 6);
    EXPECT_EQ(tether::cli::exit_cancelled, 130);
}

struct exit_case {
    errc code;
    std::optional<int> status;
    int expected;
};

// Every code, with the status a server answer would carry for http codes.
const std::vector<exit_case> every_code = {
    {errc::dns_failed, std::nullopt, 3},
    {errc::connection_refused, std::nullopt, 3},
    {errc::connection_reset, std::nullopt, 3},
    {errc::tls_failed, std::nullopt, 3},
    {errc::pinning_failed, std::nullopt, 3},
    {errc::proxy_failed, std::nullopt, 3},
    {errc::protocol_violation, std::nullopt, 3},
    {errc::network_failed, std::nullopt, 3},
    {errc::connect_timeout, std::nullopt, 4},
    {errc::read_timeout, std::nullopt, 4},
    {errc::deadline_exceeded, std::nullopt, 4},
    {errc::cancelled, std::nullopt, 130},
    {errc::decode_failed, std::nullopt, 1},
    {errc::invalid_url, std::nullopt, 2},
    {errc::unsupported_scheme, std::nullopt, 2},
    {errc::invalid_header, std::nullopt, 2},
    {errc::invalid_body, std::nullopt, 2},
    {errc::io_failed, std::nullopt, 1},
    {errc::body_too_large, std::nullopt, 1},
    {errc::too_many_redirects, std::nullopt, 1},
    {errc::insecure_redirect, std::nullopt, 1},
    {errc::circuit_open, std::nullopt, 1},
    {errc::cache_miss, std::nullopt, 1},
    {errc::validation_failed, 422, 5},
    {errc::unauthorized, 401, 5},
    {errc::forbidden, 403, 5},
    {errc::not_found, 404, 5},
    {errc::conflict, 409, 5},
    {errc::rate_limited, 429, 5},
    {errc::server_error, 500, 6},
    {errc::unexpected_status, 418, 5},
    {errc::internal_error, std::nullopt, 1},
};

TEST(exit_status, the_table_lists_every_code_once) {
    std::set<errc> seen;
    for (const auto& c : every_code) seen.insert(c.code);
    EXPECT_EQ(seen.size(), tether::unit::errc_count);
    EXPECT_EQ(every_code.size(), tether::unit::errc_count);
}

TEST(exit_status, each_code_has_its_documented_exit_status) {
    for (const auto& c : every_code) {
        error e(c.code, "x");
        if (c.status) e.with_response(nullptr, *c.status);
        EXPECT_EQ(exit_status_for(e), c.expected) << tether::to_string(c.code);
    }
}

TEST(exit_status, http_errors_split_by_status_class) {
    const std::vector<std::pair<int, int>> cases = {
        {400, 5}, {404, 5}, {499, 5}, {500, 6}, {502, 6}, {503, 6}, {599, 6},
    };
    for (const auto& [status, expected] : cases) {
        error e(tether::errc_for_status(status), "x");
        e.with_response(nullptr, status);
        EXPECT_EQ(exit_status_for(e), expected) << status;
    }
}

TEST(exit_status, a_5xx_code_with_a_5xx_status_is_a_server_error_even_if_unexpected) {
    error e(errc::unexpected_status, "x");
    e.with_response(nullptr, 505);
    EXPECT_EQ(exit_status_for(e), 6);
}

}  // namespace
