// Statuses the default policy rejects become typed errors that carry the
// status and the response, with secrets in the URL redacted.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/core/redact.hpp>
#include <tether/http/client.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace tether;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;

class httpbin_status : public transport_test {};

struct status_case {
    int status;
    errc code;
};

// Through a real server, as errc_for_status promises (errc.hpp).
TEST_P(httpbin_status, rejected_statuses_become_typed_errors_with_status_and_response) {
    http::client client(options());
    for (auto c : {status_case{400, errc::validation_failed}, status_case{401, errc::unauthorized},
                   status_case{403, errc::forbidden}, status_case{404, errc::not_found},
                   status_case{409, errc::conflict}, status_case{418, errc::unexpected_status},
                   status_case{422, errc::validation_failed}, status_case{429, errc::rate_limited},
                   status_case{500, errc::server_error}, status_case{503, errc::server_error}}) {
        SCOPED_TRACE(c.status);
        auto r = client.execute(http::request::get(httpbin_url("/status/" + std::to_string(c.status))));
        ASSERT_FALSE(r);
        const auto& e = r.error();
        EXPECT_EQ(e.code(), c.code) << e.to_string();
        EXPECT_EQ(e.kind(), error_kind::http);
        EXPECT_EQ(e.status(), c.status);
        ASSERT_TRUE(e.response());
        EXPECT_EQ(e.response()->status(), c.status);
    }
}

TEST_P(httpbin_status, error_url_and_text_redact_a_token_in_the_query) {
    http::client client(options());
    for (int status : {404, 429, 503, 418}) {
        SCOPED_TRACE(status);
        auto req = http::request::get(httpbin_url("/status/" + std::to_string(status)));
        req.query("token", "s3cr3t-value").query("page", "2");
        auto r = client.execute(req);
        ASSERT_FALSE(r);
        const auto& e = r.error();
        EXPECT_EQ(e.url().find("s3cr3t-value"), std::string::npos) << e.url();
        EXPECT_NE(e.url().find("token=" + std::string(redacted_text)), std::string::npos) << e.url();
        EXPECT_NE(e.url().find("page=2"), std::string::npos) << "only secrets are redacted: " << e.url();
        EXPECT_EQ(e.message().find("s3cr3t-value"), std::string::npos) << e.message();
        EXPECT_EQ(e.to_string().find("s3cr3t-value"), std::string::npos) << e.to_string();
    }
}

TEST_P(httpbin_status, error_url_redacts_the_password_in_the_user_info) {
    http::client client(options());
    auto url = httpbin_url("/status/404");
    url.insert(url.find("//") + 2, "user:pa55word@");
    auto r = client.execute(http::request::get(url));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().url().find("pa55word"), std::string::npos) << r.error().url();
    EXPECT_EQ(r.error().to_string().find("pa55word"), std::string::npos) << r.error().to_string();
}

TEST_P(httpbin_status, no_content_is_a_success_with_an_empty_body) {
    http::client client(options());
    auto r = client.execute(http::request::get(httpbin_url("/status/204")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 204);
    EXPECT_TRUE(r->body().empty());
}

TEST_P(httpbin_status, accept_status_turns_a_rejected_status_into_a_response) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/status/404"));
    req.options().accept_status = [](int) { return true; };
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 404);
    EXPECT_FALSE(r->ok());
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_status, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
