#include "http/call_preparation.hpp"

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using tether::errc;
using tether::http::body;
using tether::http::client_options;
using tether::http::request;
using tether::http::detail::prepare_call;
using tether::http::detail::resolve_url;

struct resolve_case {
    std::string_view reference;
    std::string_view expected;
};

// RFC 3986 §5.4.1 normal examples and §5.4.2 abnormal examples, base "http://a/b/c/d;p?q".
const std::vector<resolve_case> rfc3986_examples = {
    {"g:h", "g:h"},
    {"g", "http://a/b/c/g"},
    {"./g", "http://a/b/c/g"},
    {"g/", "http://a/b/c/g/"},
    {"/g", "http://a/g"},
    {"//g", "http://g"},
    {"?y", "http://a/b/c/d;p?y"},
    {"g?y", "http://a/b/c/g?y"},
    {"#s", "http://a/b/c/d;p?q#s"},
    {"g#s", "http://a/b/c/g#s"},
    {"g?y#s", "http://a/b/c/g?y#s"},
    {";x", "http://a/b/c/;x"},
    {"g;x", "http://a/b/c/g;x"},
    {"g;x?y#s", "http://a/b/c/g;x?y#s"},
    {"", "http://a/b/c/d;p?q"},
    {".", "http://a/b/c/"},
    {"./", "http://a/b/c/"},
    {"..", "http://a/b/"},
    {"../", "http://a/b/"},
    {"../g", "http://a/b/g"},
    {"../..", "http://a/"},
    {"../../", "http://a/"},
    {"../../g", "http://a/g"},
    // §5.4.2, except the ".." above the root (see dot_segments_above_the_root_are_removed)
    {"/./g", "http://a/g"},
    {"g.", "http://a/b/c/g."},
    {".g", "http://a/b/c/.g"},
    {"g..", "http://a/b/c/g.."},
    {"..g", "http://a/b/c/..g"},
    {"./../g", "http://a/b/g"},
    {"./g/.", "http://a/b/c/g/"},
    {"g/./h", "http://a/b/c/g/h"},
    {"g/../h", "http://a/b/c/h"},
    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
    {"g;x=1/../y", "http://a/b/c/y"},
    {"g?y/./x", "http://a/b/c/g?y/./x"},
    {"g?y/../x", "http://a/b/c/g?y/../x"},
    {"g#s/./x", "http://a/b/c/g#s/./x"},
    {"g#s/../x", "http://a/b/c/g#s/../x"},
    {"http:g", "http:g"},  // strict parsers keep it
};

TEST(resolve_url, follows_the_rfc3986_examples) {
    for (const auto& c : rfc3986_examples) {
        auto out = resolve_url("http://a/b/c/d;p?q", c.reference);
        ASSERT_TRUE(out) << "'" << c.reference << "': " << out.error().to_string();
        EXPECT_EQ(*out, c.expected) << "'" << c.reference << "'";
    }
}

// RFC 3986 §5.4.2 / §5.2.4 remove ".." segments that climb above the root
// (Boost 1.81's boost::urls::resolve keeps them, boostorg/url#808).
TEST(resolve_url, dot_segments_above_the_root_are_removed) {
    const std::vector<resolve_case> cases = {
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"/../../g", "http://a/g"},
    };
    for (const auto& c : cases) {
        auto out = resolve_url("http://a/b/c/d;p?q", c.reference);
        ASSERT_TRUE(out) << "'" << c.reference << "': " << out.error().to_string();
        EXPECT_EQ(*out, c.expected) << "'" << c.reference << "'";
    }
}

TEST(resolve_url, an_absolute_reference_is_kept_as_is) {
    EXPECT_EQ(*resolve_url("https://api.example.com/v1/", "https://other.example/x?y=1"), "https://other.example/x?y=1");
    EXPECT_EQ(*resolve_url("", "https://other.example/x?y=1"), "https://other.example/x?y=1");
}

TEST(resolve_url, a_base_with_a_trailing_slash_keeps_its_path) {
    EXPECT_EQ(*resolve_url("https://api.example.com/v1/", "users/7"), "https://api.example.com/v1/users/7");
    EXPECT_EQ(*resolve_url("https://api.example.com/v1", "users/7"), "https://api.example.com/users/7");
    EXPECT_EQ(*resolve_url("https://api.example.com/v1/", "/users/7"), "https://api.example.com/users/7");
}

TEST(resolve_url, relative_without_base_is_invalid_url_naming_base_url) {
    auto out = resolve_url("", "/users/7");
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code(), errc::invalid_url);
    EXPECT_NE(out.error().message().find("base_url"), std::string::npos) << out.error().message();
}

TEST(resolve_url, an_invalid_base_is_invalid_url_naming_base_url) {
    auto out = resolve_url("not a base", "users");
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code(), errc::invalid_url);
    EXPECT_NE(out.error().message().find("base_url"), std::string::npos) << out.error().message();
}

TEST(resolve_url, an_unparseable_reference_is_invalid_url) {
    auto out = resolve_url("https://h/", "a b");
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code(), errc::invalid_url);
}

TEST(resolve_url, error_messages_redact_secrets) {
    auto out = resolve_url("", "/x?token=abc123");
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().message().find("abc123"), std::string::npos) << out.error().message();
}

// application/x-www-form-urlencoded parsing as servers do it (WHATWG URL
// §5.1): split on '&' and the first '=', '+' is a space, then percent-decode.
std::vector<std::pair<std::string, std::string>> form_decode(std::string_view query) {
    auto decode = [](std::string_view s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '+') {
                out += ' ';
            } else if (s[i] == '%' && i + 2 < s.size()) {
                out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else {
                out += s[i];
            }
        }
        return out;
    };
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        auto eq = pair.find('=');
        out.emplace_back(decode(pair.substr(0, eq)), eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1)));
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
    return out;
}

std::string_view query_of(std::string_view url) {
    auto q = url.find('?');
    if (q == std::string_view::npos) return {};
    auto rest = url.substr(q + 1);
    return rest.substr(0, rest.find('#'));
}

TEST(prepare_call, query_params_survive_a_form_decoder) {
    const std::vector<std::pair<std::string, std::string>> params = {
        {"q", "a b"}, {"sum", "1+1"}, {"pair", "x&y=z"}, {"city", "Zürich"}, {"k=ey", "v"},
        {"pct", "100%"}, {"slash", "a/b?c#d"}, {"empty", ""},
    };
    auto req = request::get("https://h/search");
    for (const auto& [k, v] : params) req.query(k, v);
    auto prepared = prepare_call(client_options{}, req);
    ASSERT_TRUE(prepared) << prepared.error().to_string();
    const std::string& url = prepared->req.url();
    EXPECT_TRUE(url.starts_with("https://h/search?")) << url;
    // A literal '+' would read back as a space; a literal '&' or '=' would split.
    EXPECT_EQ(form_decode(query_of(url)), params) << url;
    for (unsigned char c : url) {
        EXPECT_TRUE(c > 0x20 && c < 0x7F) << "unencoded byte " << int(c) << " in " << url;
    }
    EXPECT_TRUE(prepared->req.query_params().empty()) << "merged params must not be merged twice";
}

TEST(prepare_call, query_params_are_appended_to_an_existing_query) {
    auto prepared = prepare_call(client_options{}, request::get("https://h/s?x=1").query("y", "2"));
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.url(), "https://h/s?x=1&y=2");
}

TEST(prepare_call, query_params_go_before_the_fragment) {
    auto prepared = prepare_call(client_options{}, request::get("https://h/s#section").query("y", "2"));
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.url(), "https://h/s?y=2#section");
}

TEST(prepare_call, without_query_params_the_url_is_unchanged) {
    auto prepared = prepare_call(client_options{}, request::get("https://h/s?x=1%2B1"));
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.url(), "https://h/s?x=1%2B1");
}

TEST(prepare_call, relative_urls_resolve_against_the_base_url) {
    client_options defaults;
    defaults.base_url = "https://api.example.com/v1/";
    auto prepared = prepare_call(defaults, request::get("users/7").query("fields", "name"));
    ASSERT_TRUE(prepared) << prepared.error().to_string();
    EXPECT_EQ(prepared->req.url(), "https://api.example.com/v1/users/7?fields=name");
}

TEST(prepare_call, the_request_base_url_overrides_the_clients) {
    client_options defaults;
    defaults.base_url = "https://api.example.com/v1/";
    auto req = request::get("users/7");
    req.options().base_url = "https://other.example.com/v2/";
    auto prepared = prepare_call(defaults, req);
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.url(), "https://other.example.com/v2/users/7");
}

TEST(prepare_call, relative_url_without_base_fails_with_the_request_recorded) {
    auto prepared = prepare_call(client_options{}, request::get("/users/7?token=abc"));
    ASSERT_FALSE(prepared);
    EXPECT_EQ(prepared.error().code(), errc::invalid_url);
    EXPECT_EQ(prepared.error().method(), "GET");
    EXPECT_EQ(prepared.error().url(), "/users/7?token=REDACTED");
    EXPECT_NE(prepared.error().message().find("base_url"), std::string::npos);
}

TEST(prepare_call, default_headers_are_added_unless_the_request_sets_the_same_name) {
    client_options defaults;
    defaults.default_headers.add("Accept", "application/json");
    defaults.default_headers.add("X-Client", "tests");
    auto prepared = prepare_call(defaults, request::get("https://h/").header("accept", "text/plain"));
    ASSERT_TRUE(prepared);
    const auto& h = prepared->req.headers();
    EXPECT_EQ(h.get_all("Accept"), std::vector<std::string_view>{"text/plain"});
    EXPECT_EQ(h.get("x-client"), "tests");
}

// A name repeated in default_headers is sent with all its values when the
// request does not set it.
TEST(prepare_call, repeated_default_headers_are_all_added) {
    client_options defaults;
    defaults.default_headers.add("X-Feature", "a");
    defaults.default_headers.add("X-Feature", "b");
    auto prepared = prepare_call(defaults, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    const std::vector<std::string_view> expected = {"a", "b"};
    EXPECT_EQ(prepared->req.headers().get_all("X-Feature"), expected);
}

TEST(prepare_call, user_agent_defaults_to_the_clients) {
    auto prepared = prepare_call(client_options{}, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.headers().get("User-Agent"), "tether/0.1");

    client_options custom;
    custom.user_agent = "my-app/2.0";
    prepared = prepare_call(custom, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.headers().get("user-agent"), "my-app/2.0");
}

TEST(prepare_call, the_requests_user_agent_wins) {
    auto prepared = prepare_call(client_options{}, request::get("https://h/").header("user-agent", "curl/8"));
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.headers().get_all("User-Agent"), std::vector<std::string_view>{"curl/8"});
}

TEST(prepare_call, an_empty_user_agent_sends_none) {
    client_options defaults;
    defaults.user_agent = "";
    auto prepared = prepare_call(defaults, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    EXPECT_FALSE(prepared->req.headers().contains("User-Agent"));
}

TEST(prepare_call, content_type_comes_from_the_body) {
    auto prepared = prepare_call(client_options{}, request::post("https://h/", body::json({{"a", 1}})));
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.headers().get("Content-Type"), "application/json");
}

TEST(prepare_call, the_requests_content_type_wins_over_the_bodys) {
    auto req = request::post("https://h/", body::json({{"a", 1}})).header("content-type", "application/vnd.api+json");
    auto prepared = prepare_call(client_options{}, req);
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.headers().get_all("Content-Type"),
              std::vector<std::string_view>{"application/vnd.api+json"});
}

TEST(prepare_call, no_body_means_no_content_type) {
    auto prepared = prepare_call(client_options{}, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    EXPECT_FALSE(prepared->req.headers().contains("Content-Type"));
}

TEST(prepare_call, client_defaults_become_the_call_options) {
    client_options defaults;
    defaults.connect_timeout = 3s;
    defaults.read_timeout = 4s;
    defaults.max_redirects = 7;
    defaults.max_body_size = 1000;
    defaults.allow_insecure_redirects = true;
    auto prepared = prepare_call(defaults, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    const auto& o = prepared->options;
    EXPECT_EQ(o.connect_timeout, 3s);
    EXPECT_EQ(o.read_timeout, 4s);
    EXPECT_EQ(o.max_redirects, 7);
    EXPECT_EQ(o.max_body_size, std::uint64_t{1000});
    EXPECT_TRUE(o.allow_insecure_redirects);
    EXPECT_EQ(o.attempt, 1);
}

TEST(prepare_call, unset_client_defaults_are_okhttps) {
    auto prepared = prepare_call(client_options{}, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    const auto& o = prepared->options;
    EXPECT_EQ(o.connect_timeout, 10s);
    EXPECT_EQ(o.read_timeout, 10s);
    EXPECT_EQ(o.max_redirects, 20);
    EXPECT_EQ(o.max_body_size, std::nullopt);
    EXPECT_FALSE(o.allow_insecure_redirects);
    EXPECT_EQ(o.deadline, std::nullopt);
}

TEST(prepare_call, request_options_override_client_options) {
    client_options defaults;
    defaults.connect_timeout = 3s;
    defaults.read_timeout = 4s;
    defaults.max_redirects = 7;
    defaults.max_body_size = 1000;
    auto req = request::get("https://h/");
    req.options().connect_timeout = 100ms;
    req.options().read_timeout = 200ms;
    req.options().max_redirects = 0;
    req.options().max_body_size = 5;
    auto prepared = prepare_call(defaults, req);
    ASSERT_TRUE(prepared);
    const auto& o = prepared->options;
    EXPECT_EQ(o.connect_timeout, 100ms);
    EXPECT_EQ(o.read_timeout, 200ms);
    EXPECT_EQ(o.max_redirects, 0);
    EXPECT_EQ(o.max_body_size, std::uint64_t{5});
}

TEST(prepare_call, default_accept_status_is_2xx) {
    auto prepared = prepare_call(client_options{}, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    ASSERT_TRUE(prepared->accept_status);
    for (int s : {200, 204, 299}) EXPECT_TRUE(prepared->accept_status(s)) << s;
    for (int s : {199, 300, 404, 500}) EXPECT_FALSE(prepared->accept_status(s)) << s;
}

TEST(prepare_call, client_accept_status_is_used) {
    client_options defaults;
    defaults.accept_status = [](int s) { return s == 404; };
    auto prepared = prepare_call(defaults, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    EXPECT_TRUE(prepared->accept_status(404));
    EXPECT_FALSE(prepared->accept_status(200));
}

TEST(prepare_call, request_accept_status_overrides_the_clients) {
    client_options defaults;
    defaults.accept_status = [](int s) { return s == 404; };
    auto req = request::get("https://h/");
    req.options().accept_status = [](int s) { return s < 500; };
    auto prepared = prepare_call(defaults, req);
    ASSERT_TRUE(prepared);
    EXPECT_TRUE(prepared->accept_status(200));
    EXPECT_TRUE(prepared->accept_status(404));
    EXPECT_FALSE(prepared->accept_status(503));
}

TEST(prepare_call, an_empty_client_accept_status_falls_back_to_2xx) {
    client_options defaults;
    defaults.accept_status = nullptr;
    auto prepared = prepare_call(defaults, request::get("https://h/"));
    ASSERT_TRUE(prepared);
    ASSERT_TRUE(prepared->accept_status);
    EXPECT_TRUE(prepared->accept_status(200));
    EXPECT_FALSE(prepared->accept_status(404));
}

TEST(prepare_call, deadline_is_now_plus_the_total_timeout) {
    client_options defaults;
    defaults.total_timeout = 5s;
    const auto before = std::chrono::steady_clock::now();
    auto prepared = prepare_call(defaults, request::get("https://h/"));
    const auto after = std::chrono::steady_clock::now();
    ASSERT_TRUE(prepared);
    ASSERT_TRUE(prepared->options.deadline);
    EXPECT_GE(*prepared->options.deadline, before + 5s);
    EXPECT_LE(*prepared->options.deadline, after + 5s);
}

TEST(prepare_call, the_requests_total_timeout_overrides_the_clients) {
    client_options defaults;
    defaults.total_timeout = 60s;
    auto req = request::get("https://h/");
    req.options().total_timeout = 2s;
    const auto before = std::chrono::steady_clock::now();
    auto prepared = prepare_call(defaults, req);
    const auto after = std::chrono::steady_clock::now();
    ASSERT_TRUE(prepared);
    ASSERT_TRUE(prepared->options.deadline);
    EXPECT_GE(*prepared->options.deadline, before + 2s);
    EXPECT_LE(*prepared->options.deadline, after + 2s);
}

TEST(prepare_call, a_zero_total_timeout_means_no_deadline) {
    client_options defaults;
    defaults.total_timeout = 5s;
    auto req = request::get("https://h/");
    req.options().total_timeout = 0ms;
    auto prepared = prepare_call(defaults, req);
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->options.deadline, std::nullopt);
}

TEST(prepare_call, cancellation_token_is_passed_through) {
    std::stop_source stop;
    auto req = request::get("https://h/");
    req.options().cancel = stop.get_token();
    auto prepared = prepare_call(client_options{}, req);
    ASSERT_TRUE(prepared);
    EXPECT_FALSE(prepared->options.cancel.stop_requested());
    stop.request_stop();
    EXPECT_TRUE(prepared->options.cancel.stop_requested());
}

TEST(prepare_call, method_body_and_tags_are_kept) {
    struct marker {
        int n;
    };
    auto req = request::put("https://h/x", body::text("payload")).tag(marker{9});
    auto prepared = prepare_call(client_options{}, req);
    ASSERT_TRUE(prepared);
    EXPECT_EQ(prepared->req.method(), "PUT");
    ASSERT_NE(prepared->req.body().in_memory(), nullptr);
    EXPECT_EQ(*prepared->req.body().in_memory(), "payload");
    ASSERT_NE(prepared->req.tag<marker>(), nullptr);
    EXPECT_EQ(prepared->req.tag<marker>()->n, 9);
}

}  // namespace
