// The logging interceptor: what each level writes, and that no secret ever
// reaches the log, whatever the level.

#include "support.hpp"

#include <tether/http/logging.hpp>
#include <tether/http/retry.hpp>

#include <mutex>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

struct captured {
    std::mutex mutex;
    std::vector<std::string> lines;
    std::string all() {
        std::lock_guard lock(mutex);
        std::string out;
        for (const auto& l : lines) out += l + "\n";
        return out;
    }
    std::size_t count() {
        std::lock_guard lock(mutex);
        return lines.size();
    }
};

const std::vector<std::string> secrets{"s3cr3t-bearer", "cookie-value-9", "set-cookie-7", "proxy-pw-5",
                                       "query-token-3", "custom-key-1", "pw-in-url-2", "session-x-4"};

}  // namespace

class logging : public transport_test {
protected:
    http::client_options logged(http::log_level level) {
        http::logging_options log;
        log.level = level;
        log.sink = [c = capture](std::string_view line) {
            std::lock_guard lock(c->mutex);
            c->lines.emplace_back(line);
        };
        log.redact_headers = {"X-Custom-Key"};
        log.redact_query = {"session"};
        auto opts = options();
        opts.interceptors.push_back(http::logging_interceptor(log));
        return opts;
    }

    // A request and response that carry every kind of secret.
    void exchange_secrets(http::client& client, mock_server& server) {
        auto url = server.url("/path?token=query-token-3&session=session-x-4&page=2");
        url.insert(url.find("://") + 3, "ada:pw-in-url-2@");
        auto req = http::request::post(url, http::body::json({{"name", "Ada"}}))
                       .header("Authorization", "Bearer s3cr3t-bearer")
                       .header("Cookie", "id=cookie-value-9")
                       .header("Proxy-Authorization", "Basic proxy-pw-5")
                       .header("X-Custom-Key", "custom-key-1");
        auto r = client.execute(req);
        ASSERT_TRUE(r) << r.error().to_string();
    }

    std::shared_ptr<captured> capture = std::make_shared<captured>();
};

TEST_P(logging, basic_writes_one_line_per_exchange) {
    mock_server server;
    server.enqueue(mock_response::text("hello"));
    http::client client(logged(http::log_level::basic));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/greeting?page=2"))));
    ASSERT_EQ(capture->count(), 1u) << capture->all();
    const auto line = capture->all();
    EXPECT_NE(line.find("GET " + server.url("/greeting?page=2") + " 200"), std::string::npos) << line;
    EXPECT_NE(line.find("5 bytes"), std::string::npos) << line;
    EXPECT_NE(line.find(" ms"), std::string::npos) << line;
}

TEST_P(logging, failures_are_logged_with_their_kind) {
    const auto url = refused_url();
    http::client client(logged(http::log_level::basic));
    EXPECT_FALSE(client.execute(http::request::get(url)));
    EXPECT_NE(capture->all().find("failed: connection_refused"), std::string::npos) << capture->all();
}

TEST_P(logging, no_secret_reaches_the_log_at_any_level) {
    for (auto level : {http::log_level::basic, http::log_level::headers, http::log_level::body}) {
        mock_server server;
        server.enqueue(mock_response::json({{"ok", true}}).header("Set-Cookie", "sid=set-cookie-7"));
        capture = std::make_shared<captured>();
        http::client client(logged(level));
        exchange_secrets(client, server);
        const auto log = capture->all();
        SCOPED_TRACE(log);
        for (const auto& secret : secrets) EXPECT_EQ(log.find(secret), std::string::npos) << secret;
        EXPECT_NE(log.find("page=2"), std::string::npos) << "harmless query values stay";
        if (level >= http::log_level::headers) {
            EXPECT_NE(log.find("Authorization: REDACTED"), std::string::npos);
            EXPECT_NE(log.find("X-Custom-Key: REDACTED"), std::string::npos);
            EXPECT_NE(log.find("Set-Cookie: REDACTED"), std::string::npos);
            EXPECT_NE(log.find("Content-Type: application/json"), std::string::npos);
        }
        if (level == http::log_level::body) {
            EXPECT_NE(log.find("{\"name\":\"Ada\"}"), std::string::npos) << "the request body";
            EXPECT_NE(log.find("{\"ok\":true}"), std::string::npos) << "the response body";
        } else {
            EXPECT_EQ(log.find("\"Ada\""), std::string::npos);
        }
    }
}

TEST_P(logging, long_bodies_are_cut_and_binary_ones_summarized) {
    mock_server server;
    server.enqueue(mock_response::text(std::string(10'000, 'a')));
    server.enqueue(mock_response().body(std::string("\x01\x02\x03\x00\xff", 5)));
    http::client client(logged(http::log_level::body));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/long"))));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/binary"))));
    const auto log = capture->all();
    EXPECT_NE(log.find(std::string(4096, 'a') + "\n(5904 more bytes not logged)"), std::string::npos);
    EXPECT_EQ(log.find(std::string(4097, 'a')), std::string::npos);
    EXPECT_NE(log.find("(binary body, 5 bytes)"), std::string::npos) << log;
}

TEST_P(logging, each_retry_attempt_is_logged_with_its_number) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("ok"));
    auto opts = logged(http::log_level::basic);
    http::retry_environment no_wait;
    no_wait.sleep = [](std::chrono::milliseconds, std::stop_token) -> task<bool> { co_return true; };
    opts.interceptors.insert(opts.interceptors.begin(), http::retry_interceptor({}, no_wait));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(server.url("/"))));
    ASSERT_EQ(capture->count(), 2u) << capture->all();
    EXPECT_NE(capture->all().find(" 503"), std::string::npos);
    EXPECT_NE(capture->all().find("200 OK, 2 bytes"), std::string::npos) << capture->all();
    EXPECT_NE(capture->all().find("attempt 2"), std::string::npos) << capture->all();
}

TEST_P(logging, none_writes_nothing) {
    mock_server server;
    server.enqueue(mock_response::text("quiet"));
    http::client client(logged(http::log_level::none));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/"))));
    EXPECT_EQ(capture->count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(transports, logging, ::testing::ValuesIn(tested_transports()), transport_name);
