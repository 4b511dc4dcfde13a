// Query parameters added with request::query() are percent-encoded so that
// a real server decodes exactly what was added (httpbin echoes them as "args").

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace {

using namespace tether;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;

class httpbin_query : public transport_test {};

boost::json::object args_of(const http::client_options& options, http::request req) {
    auto echo = tether::interop::echo_of(std::move(req), options);
    return echo.contains("args") ? echo.at("args").as_object() : boost::json::object{};
}

// '+' is a space to form decoders (WHATWG URL, application/x-www-form-urlencoded),
// so a literal plus must travel as %2B; '&', '=' and '#' would split or end the query.
TEST_P(httpbin_query, reserved_characters_spaces_and_unicode_are_decoded_back_exactly) {
    auto req = http::request::get(httpbin_url("/anything"));
    req.query("space", "a b")
        .query("plus", "1+1=2")
        .query("amp", "x&y=z")
        .query("hash", "#fragment?")
        .query("percent", "100%")
        .query("unicode", "日本語 é")
        .query("empty", "");
    EXPECT_EQ(args_of(options(), req), (boost::json::object{{"space", "a b"},
                                                           {"plus", "1+1=2"},
                                                           {"amp", "x&y=z"},
                                                           {"hash", "#fragment?"},
                                                           {"percent", "100%"},
                                                           {"unicode", "日本語 é"},
                                                           {"empty", ""}}));
}

TEST_P(httpbin_query, repeated_names_keep_every_value_in_order) {
    auto req = http::request::get(httpbin_url("/anything"));
    req.query("tag", "a").query("tag", "b c");
    EXPECT_EQ(args_of(options(), req), (boost::json::object{{"tag", {"a", "b c"}}}));
}

TEST_P(httpbin_query, parameters_are_appended_to_a_query_already_in_the_url) {
    auto req = http::request::get(httpbin_url("/anything?existing=1"));
    req.query("added", "2");
    EXPECT_EQ(args_of(options(), req), (boost::json::object{{"existing", "1"}, {"added", "2"}}));
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_query, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
