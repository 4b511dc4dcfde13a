#include <tether/core/classify.hpp>

#include "support/errc_count.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace {

using tether::classify;
using tether::errc;
using tether::error;
using tether::error_class;

struct code_case {
    errc code;
    error_class expected;
};

// Errors made without a response: the code alone decides.
const std::vector<code_case> every_code_without_status = {
    // Offline, refused, reset and proxy hiccups pass.
    {errc::dns_failed, error_class::transient},
    {errc::connection_refused, error_class::transient},
    {errc::connection_reset, error_class::transient},
    {errc::proxy_failed, error_class::transient},
    {errc::network_failed, error_class::transient},
    // A bad certificate or broken HTTP repeats.
    {errc::tls_failed, error_class::fatal},
    {errc::pinning_failed, error_class::fatal},
    {errc::protocol_violation, error_class::fatal},
    // Timeouts may go better later.
    {errc::connect_timeout, error_class::transient},
    {errc::read_timeout, error_class::transient},
    {errc::deadline_exceeded, error_class::transient},
    // The caller said stop.
    {errc::cancelled, error_class::fatal},
    // Wrong input and policy refusals repeat.
    {errc::decode_failed, error_class::fatal},
    {errc::invalid_url, error_class::fatal},
    {errc::unsupported_scheme, error_class::fatal},
    {errc::invalid_header, error_class::fatal},
    {errc::invalid_body, error_class::fatal},
    {errc::io_failed, error_class::fatal},
    {errc::body_too_large, error_class::fatal},
    {errc::too_many_redirects, error_class::fatal},
    {errc::insecure_redirect, error_class::fatal},
    {errc::circuit_open, error_class::transient},
    {errc::cache_miss, error_class::fatal},
    // HTTP codes made without a response (e.g. by an auth flow).
    {errc::validation_failed, error_class::fatal},
    {errc::unauthorized, error_class::after_reauth},
    {errc::forbidden, error_class::fatal},
    {errc::not_found, error_class::fatal},
    {errc::conflict, error_class::fatal},
    {errc::rate_limited, error_class::transient},
    {errc::server_error, error_class::transient},
    {errc::unexpected_status, error_class::fatal},
    {errc::internal_error, error_class::fatal},
};

TEST(classify, the_table_lists_every_code_once) {
    std::set<errc> seen;
    for (const auto& c : every_code_without_status) seen.insert(c.code);
    EXPECT_EQ(seen.size(), tether::unit::errc_count);
    EXPECT_EQ(every_code_without_status.size(), tether::unit::errc_count);
}

TEST(classify, every_code_without_a_status_is_classified_by_its_code) {
    for (const auto& c : every_code_without_status) {
        EXPECT_EQ(classify(error(c.code, "x")), c.expected) << tether::to_string(c.code);
    }
}

struct status_case {
    errc code;
    int status;
    error_class expected;
};

TEST(classify, http_errors_are_classified_by_their_status) {
    const std::vector<status_case> cases = {
        // 408: the server gave up waiting; a new attempt is a new chance.
        {errc::unexpected_status, 408, error_class::transient},
        {errc::rate_limited, 429, error_class::transient},
        {errc::server_error, 500, error_class::transient},
        {errc::server_error, 502, error_class::transient},
        {errc::server_error, 503, error_class::transient},
        {errc::server_error, 504, error_class::transient},
        // 501 and 505 answer the same way next time.
        {errc::server_error, 501, error_class::fatal},
        {errc::server_error, 505, error_class::fatal},
        {errc::validation_failed, 400, error_class::fatal},
        {errc::validation_failed, 422, error_class::fatal},
        {errc::forbidden, 403, error_class::fatal},
        {errc::not_found, 404, error_class::fatal},
        {errc::conflict, 409, error_class::fatal},
        {errc::unexpected_status, 418, error_class::fatal},
        {errc::unexpected_status, 405, error_class::fatal},
        // 401: refresh the credentials, then try again.
        {errc::unauthorized, 401, error_class::after_reauth},
    };
    for (const auto& c : cases) {
        error e(c.code, "x");
        e.with_response(nullptr, c.status);
        EXPECT_EQ(classify(e), c.expected) << "status " << c.status;
    }
}

TEST(classify, the_status_wins_over_the_code) {
    // A server_error code alone is transient, but 501 Not Implemented is not.
    error e(errc::server_error, "x");
    e.with_response(nullptr, 501);
    EXPECT_EQ(classify(e), error_class::fatal);
}

TEST(classify, to_string_names_each_class) {
    EXPECT_EQ(tether::to_string(error_class::transient), "transient");
    EXPECT_EQ(tether::to_string(error_class::fatal), "fatal");
    EXPECT_EQ(tether::to_string(error_class::after_reauth), "after_reauth");
}

}  // namespace
