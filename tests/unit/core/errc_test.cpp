#include <tether/core/errc.hpp>

#include "support/errc_count.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using tether::errc;
using tether::error_kind;

struct code_case {
    errc code;
    error_kind kind;
    std::string_view name;
};

// Every errc, its family and its name, as errc.hpp documents them.
const std::vector<code_case> every_code = {
    {errc::dns_failed, error_kind::network, "dns_failed"},
    {errc::connection_refused, error_kind::network, "connection_refused"},
    {errc::connection_reset, error_kind::network, "connection_reset"},
    {errc::tls_failed, error_kind::network, "tls_failed"},
    {errc::pinning_failed, error_kind::network, "pinning_failed"},
    {errc::proxy_failed, error_kind::network, "proxy_failed"},
    {errc::protocol_violation, error_kind::network, "protocol_violation"},
    {errc::network_failed, error_kind::network, "network_failed"},
    {errc::connect_timeout, error_kind::timeout, "connect_timeout"},
    {errc::read_timeout, error_kind::timeout, "read_timeout"},
    {errc::deadline_exceeded, error_kind::timeout, "deadline_exceeded"},
    {errc::cancelled, error_kind::cancelled, "cancelled"},
    {errc::decode_failed, error_kind::decode, "decode_failed"},
    {errc::invalid_url, error_kind::invalid_request, "invalid_url"},
    {errc::unsupported_scheme, error_kind::invalid_request, "unsupported_scheme"},
    {errc::invalid_header, error_kind::invalid_request, "invalid_header"},
    {errc::invalid_body, error_kind::invalid_request, "invalid_body"},
    {errc::io_failed, error_kind::invalid_request, "io_failed"},
    {errc::body_too_large, error_kind::policy, "body_too_large"},
    {errc::too_many_redirects, error_kind::policy, "too_many_redirects"},
    {errc::insecure_redirect, error_kind::policy, "insecure_redirect"},
    {errc::circuit_open, error_kind::policy, "circuit_open"},
    {errc::cache_miss, error_kind::policy, "cache_miss"},
    {errc::validation_failed, error_kind::http, "validation_failed"},
    {errc::unauthorized, error_kind::http, "unauthorized"},
    {errc::forbidden, error_kind::http, "forbidden"},
    {errc::not_found, error_kind::http, "not_found"},
    {errc::conflict, error_kind::http, "conflict"},
    {errc::rate_limited, error_kind::http, "rate_limited"},
    {errc::server_error, error_kind::http, "server_error"},
    {errc::unexpected_status, error_kind::http, "unexpected_status"},
    {errc::internal_error, error_kind::internal, "internal_error"},
};

TEST(errc, the_table_lists_every_code_once) {
    std::set<errc> seen;
    for (const auto& c : every_code) seen.insert(c.code);
    EXPECT_EQ(seen.size(), every_code.size());
    EXPECT_EQ(every_code.size(), tether::unit::errc_count);
}

TEST(errc, kind_of_puts_every_code_in_its_documented_family) {
    for (const auto& c : every_code) {
        SCOPED_TRACE(std::string(c.name));
        EXPECT_EQ(tether::kind_of(c.code), c.kind);
    }
}

TEST(errc, to_string_gives_the_enumerator_name) {
    for (const auto& c : every_code) {
        EXPECT_EQ(tether::to_string(c.code), c.name);
    }
}

TEST(errc, to_string_names_are_distinct_and_never_unknown) {
    std::set<std::string_view> names;
    for (const auto& c : every_code) {
        auto name = tether::to_string(c.code);
        EXPECT_NE(name, "unknown") << static_cast<int>(c.code);
        EXPECT_FALSE(name.empty()) << static_cast<int>(c.code);
        names.insert(name);
    }
    EXPECT_EQ(names.size(), every_code.size());
}

TEST(errc, to_string_of_a_value_outside_the_enum_is_unknown) {
    EXPECT_EQ(tether::to_string(static_cast<errc>(1000)), "unknown");
    EXPECT_EQ(tether::to_string(static_cast<error_kind>(1000)), "unknown");
}

TEST(errc, a_value_outside_the_enum_is_internal) {
    EXPECT_EQ(tether::kind_of(static_cast<errc>(1000)), error_kind::internal);
}

TEST(error_kind, to_string_gives_the_enumerator_name) {
    const std::vector<std::pair<error_kind, std::string_view>> kinds = {
        {error_kind::network, "network"},   {error_kind::timeout, "timeout"},
        {error_kind::cancelled, "cancelled"}, {error_kind::decode, "decode"},
        {error_kind::invalid_request, "invalid_request"}, {error_kind::policy, "policy"},
        {error_kind::http, "http"},         {error_kind::internal, "internal"},
    };
    for (const auto& [kind, name] : kinds) EXPECT_EQ(tether::to_string(kind), name);
}

struct status_case {
    int status;
    errc code;
};

TEST(errc_for_status, maps_each_status_to_its_code) {
    const std::vector<status_case> cases = {
        {400, errc::validation_failed}, {422, errc::validation_failed},
        {401, errc::unauthorized},      {403, errc::forbidden},
        {404, errc::not_found},         {409, errc::conflict},
        {429, errc::rate_limited},
        {500, errc::server_error},      {502, errc::server_error},
        {503, errc::server_error},      {599, errc::server_error},
        // Statuses without a code of their own.
        {418, errc::unexpected_status}, {405, errc::unexpected_status},
        {302, errc::unexpected_status}, {499, errc::unexpected_status},
        {600, errc::unexpected_status}, {200, errc::unexpected_status},
        {0, errc::unexpected_status},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(tether::errc_for_status(c.status), c.code) << "status " << c.status;
    }
}

}  // namespace
