// The tether command, run as a process against the sandbox: output, exit
// statuses, redaction, downloads.

#include "support.hpp"

#include <tether/testing/sandbox.hpp>
#include <tether/testing/test_certificates.hpp>

#include <boost/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <thread>

using namespace tether;
using namespace tether::test;

namespace {

struct run_result {
    int status = -1;
    std::string out;
    std::string err;
};

std::string quote(const std::string& arg) {
    std::string q = "'";
    for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs the tether binary with `args`, bounded by coreutils' timeout.
run_result run_cli(const std::vector<std::string>& args) {
    temp_file out;
    temp_file err;
    std::string cmd = "timeout 20 " + quote(TETHER_CLI_PATH);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " > " + quote(out.path().string()) + " 2> " + quote(err.path().string());
    const int raw = std::system(cmd.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out.read(), err.read()};
}

}  // namespace

TEST(cli, get_prints_the_json_body_and_exits_0) {
    tether::testing::sandbox box;
    auto r = run_cli({"request", "GET", box.url("/users"), "limit==2"});
    EXPECT_EQ(r.status, 0) << r.err;
    auto body = boost::json::parse(r.out);
    EXPECT_EQ(body.at("data").as_array().size(), 2u);
    EXPECT_EQ(body.at("limit"), 2);
    EXPECT_NE(r.out.find("\n  \"data\""), std::string::npos) << "indented for people";
}

TEST(cli, items_build_a_json_body_query_and_headers) {
    tether::testing::sandbox box;
    auto r = run_cli({"request", "post", box.url("/echo"), "name=Ada", "age:=36", "tags:=[\"a\",\"b\"]", "X-Trace:t1", "dry==1"});
    EXPECT_EQ(r.status, 0) << r.err;
    auto echo = boost::json::parse(r.out);
    EXPECT_EQ(echo.at("method"), "POST");
    EXPECT_EQ(echo.at("query"), "dry=1");
    EXPECT_EQ(echo.at("headers").at("X-Trace"), "t1");
    EXPECT_EQ(echo.at("headers").at("Content-Type"), "application/json");
    auto sent = boost::json::parse(echo.at("body").as_string());
    EXPECT_EQ(sent, boost::json::parse(R"({"name":"Ada","age":36,"tags":["a","b"]})"));
}

TEST(cli, form_mode_sends_a_form) {
    tether::testing::sandbox box;
    auto r = run_cli({"request", "POST", box.url("/echo"), "--form", "q=a b", "n=1"});
    EXPECT_EQ(r.status, 0) << r.err;
    auto echo = boost::json::parse(r.out);
    EXPECT_EQ(echo.at("body"), "q=a+b&n=1");
    EXPECT_EQ(echo.at("headers").at("Content-Type"), "application/x-www-form-urlencoded");
}

TEST(cli, exit_statuses_say_what_went_wrong) {
    tether::testing::sandbox box;
    struct exit_case {
        std::vector<std::string> args;
        int status;
        std::string error_code;
    };
    std::vector<exit_case> cases{
        {{"request", "GET", box.url("/users/999")}, 5, "not_found"},
        {{"request", "POST", box.url("/users"), "name=", "email=x"}, 5, "validation_failed"},
        {{"request", "GET", box.url("/status/503")}, 6, "server_error"},
        {{"request", "GET", box.url("/delay/3000"), "--timeout", "0.3"}, 4, "deadline_exceeded"},
        {{"request", "GET", box.url("/drop")}, 3, "connection_reset"},
        {{"request", "GET", "http://127.0.0.1:1/"}, 3, "connection_refused"},
        {{"request", "GET", "http://bad host/"}, 2, "invalid_url"},
        {{"request", "GET", box.url("/"), "no-separator"}, 2, "invalid_body"},
        {{"request", "GET", box.url("/"), "X-Bad:line\nbreak"}, 2, "invalid_header"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.args[2]);
        auto r = run_cli(c.args);
        EXPECT_EQ(r.status, c.status) << r.err;
        EXPECT_TRUE(r.err.starts_with("tether: " + c.error_code + ":")) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
    }
    auto usage = run_cli({"request"});
    EXPECT_EQ(usage.status, 2);
}

TEST(cli, retry_gets_through_a_flaky_endpoint) {
    tether::testing::sandbox box;
    auto without = run_cli({"request", "GET", box.url("/flaky?fail=2&key=plain")});
    EXPECT_EQ(without.status, 6) << without.err;
    auto with = run_cli({"request", "GET", box.url("/flaky?fail=2&key=retried"), "--retry", "3"});
    EXPECT_EQ(with.status, 0) << with.err;
    EXPECT_NE(with.out.find("\"failures_before_success\""), std::string::npos) << with.out;
}

TEST(cli, verbose_shows_heads_with_secrets_redacted) {
    tether::testing::sandbox box;
    auto r = run_cli({"request", "-v", "GET", box.url("/health"), "Authorization:Bearer topsecret", "api_key==k123"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("GET http://127.0.0.1:" + std::to_string(box.port()) + "/health?api_key=REDACTED"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("Authorization: REDACTED"), std::string::npos);
    EXPECT_NE(r.err.find("HTTP/1.1 200 OK"), std::string::npos);
    EXPECT_EQ(r.err.find("topsecret"), std::string::npos);
    EXPECT_EQ(r.err.find("k123"), std::string::npos);
    auto sent = box.server().requests().back();
    EXPECT_EQ(sent.headers.get("Authorization"), "Bearer topsecret") << "redaction is for display only";
}

TEST(cli, download_streams_the_body_to_a_file) {
    tether::testing::sandbox box;
    temp_file target;
    auto r = run_cli({"request", "GET", box.url("/users"), "--download", target.path().string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    auto saved = boost::json::parse(target.read());
    EXPECT_EQ(saved.at("total"), 25);
}

TEST(cli, shorthand_urls_reach_localhost) {
    tether::testing::sandbox box;
    auto r = run_cli({"request", "GET", ":" + std::to_string(box.port()) + "/health"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("\"ok\""), std::string::npos);
}

TEST(cli, the_sandbox_command_serves_until_terminated) {
    temp_file port_file;
    std::string cmd = "timeout 20 " + quote(TETHER_CLI_PATH) + " sandbox --port 0 --port-file " +
                      quote(port_file.path().string()) + " > /dev/null 2>&1 & echo $!";
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    char pid_text[32] = {};
    ASSERT_NE(std::fgets(pid_text, sizeof pid_text, p), nullptr);
    ::pclose(p);
    const pid_t pid = static_cast<pid_t>(std::atoi(pid_text));
    std::string port;
    for (int i = 0; i < 200 && port.empty(); ++i) {
        std::this_thread::sleep_for(25ms);
        port = port_file.read();
    }
    ASSERT_FALSE(port.empty()) << "the sandbox did not start";
    port.erase(port.find_last_not_of("\n") + 1);
    auto r = run_cli({"request", "GET", "http://127.0.0.1:" + port + "/health"});
    EXPECT_EQ(r.status, 0) << r.err;
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(25ms);
    EXPECT_NE(::kill(pid, 0), 0) << "the sandbox stops on SIGTERM";
}

TEST(cli, metrics_prints_a_summary_of_the_call_after_the_body) {
    tether::testing::sandbox box;
    const auto host = "127.0.0.1:" + std::to_string(box.port());
    auto r = run_cli({"request", "GET", box.url("/users/3"), "--metrics"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(boost::json::parse(r.out).at("id"), 3) << "the body is untouched";
    EXPECT_TRUE(r.err.starts_with("metrics: GET " + host + " /users/{id}: 1 call, 1 ok, 0 errors, 0 retries, ")) << r.err;
    EXPECT_TRUE(r.err.ends_with(" ms\n")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(cli, metrics_count_retries_and_name_the_error_kinds) {
    tether::testing::sandbox box;
    const auto host = "127.0.0.1:" + std::to_string(box.port());
    auto retried = run_cli({"request", "GET", box.url("/flaky?fail=2&key=metrics"), "--retry", "3", "--metrics"});
    EXPECT_EQ(retried.status, 0) << retried.err;
    EXPECT_NE(retried.err.find("metrics: GET " + host + " /flaky: 1 call, 1 ok, 0 errors, 2 retries, "), std::string::npos)
        << retried.err;

    auto missing = run_cli({"request", "GET", box.url("/users/999"), "--metrics"});
    EXPECT_EQ(missing.status, 5) << missing.err;
    EXPECT_NE(missing.err.find("1 call, 0 ok, 1 4xx, 0 errors"), std::string::npos) << missing.err;

    auto refused = run_cli({"request", "GET", "http://127.0.0.1:1/", "--metrics"});
    EXPECT_EQ(refused.status, 3) << refused.err;
    EXPECT_TRUE(refused.err.starts_with("tether: connection_refused:")) << "the error comes first: " << refused.err;
    EXPECT_NE(refused.err.find("\nmetrics: GET 127.0.0.1:1 /: 1 call, 0 ok, 1 error (connection_refused), 0 retries"),
              std::string::npos)
        << refused.err;
}

TEST(cli, without_metrics_nothing_is_added_to_stderr) {
    tether::testing::sandbox box;
    auto r = run_cli({"request", "GET", box.url("/health")});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
}

TEST(cli, log_basic_writes_one_line_per_exchange_to_stderr) {
    tether::testing::sandbox box;
    auto r = run_cli({"request", "GET", box.url("/health"), "--log", "basic", "api_key==k123"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("\"ok\""), std::string::npos) << "the body still goes to stdout";
    EXPECT_TRUE(r.err.starts_with("<-- GET http://127.0.0.1:" + std::to_string(box.port()) +
                                  "/health?api_key=REDACTED 200 OK, "))
        << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.find("k123"), std::string::npos);
}

TEST(cli, log_headers_shows_both_heads_with_secrets_redacted) {
    tether::testing::sandbox box;
    auto r = run_cli({"request", "GET", box.url("/health"), "--log", "HEADERS", "Authorization:Bearer topsecret"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("--> GET http://127.0.0.1:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Authorization: REDACTED"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("<-- END HTTP"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("topsecret"), std::string::npos);
}

TEST(cli, log_body_shows_the_request_body_and_log_none_shows_nothing) {
    tether::testing::sandbox box;
    auto body = run_cli({"request", "POST", box.url("/echo"), "--log", "body", "name=Ada"});
    EXPECT_EQ(body.status, 0) << body.err;
    EXPECT_NE(body.err.find(R"({"name":"Ada"})"), std::string::npos) << body.err;
    auto none = run_cli({"request", "GET", box.url("/health"), "--log", "none"});
    EXPECT_EQ(none.status, 0) << none.err;
    EXPECT_EQ(none.err, "");
}

TEST(cli, an_unknown_log_level_is_a_usage_error) {
    tether::testing::sandbox box;
    auto r = run_cli({"request", "GET", box.url("/health"), "--log", "verbose"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("--log"), std::string::npos) << r.err;
}

namespace {

// A directory removed with everything in it.
struct temp_dir {
    temp_dir() {
        path = std::filesystem::temp_directory_path() / ("tether-cli-cache-" + std::to_string(::getpid()) + "-" +
                                                         std::to_string(counter++));
        std::filesystem::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    std::filesystem::path path;
    static inline int counter = 0;
};

}  // namespace

TEST(cli, cache_answers_repeats_from_disk_and_falls_back_when_the_server_is_down) {
    tether::testing::sandbox box;
    temp_dir dir;
    const auto url = box.url("/cache/news");
    auto first = run_cli({"request", "GET", url, "--cache", dir.path.string()});
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_EQ(boost::json::parse(first.out).at("version"), 1);
    EXPECT_EQ(first.err, "") << "from the network: nothing to say";
    EXPECT_TRUE(std::filesystem::exists(dir.path / "http-cache.sqlite"));

    auto second = run_cli({"request", "GET", url, "--cache", dir.path.string()});
    ASSERT_EQ(second.status, 0) << second.err;
    EXPECT_EQ(second.out, first.out);
    EXPECT_NE(second.err.find("answered from the cache"), std::string::npos) << second.err;
    EXPECT_EQ(box.cache_stats("news").ok, 1u) << "the second process did not reach the server";

    box.outage(tether::testing::outage_mode::unavailable);
    auto offline = run_cli({"request", "GET", url, "--cache", dir.path.string(), "Cache-Control:no-cache"});
    ASSERT_EQ(offline.status, 0) << offline.err;
    EXPECT_EQ(offline.out, first.out);
    EXPECT_NE(offline.err.find("the network failed (HTTP 503); answered from the cache"), std::string::npos)
        << offline.err;
}

TEST(cli, a_cache_dir_holding_something_else_is_refused_untouched) {
    temp_dir dir;
    {
        std::ofstream(dir.path / "http-cache.sqlite") << "not a database, and it has to stay like this";
    }
    auto r = run_cli({"request", "GET", "http://127.0.0.1:1/", "--cache", dir.path.string()});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("not a SQLite database"), std::string::npos) << r.err;
    std::ifstream in(dir.path / "http-cache.sqlite");
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "not a database, and it has to stay like this");
}

namespace {

// A TLS server with the chain root -> intermediate -> leaf of `pki`.
tether::testing::mock_server_options chain_server(const tether::testing::test_pki& pki) {
    tether::testing::mock_server_options o;
    o.tls = true;
    o.certificate_chain_pem = pki.server_chain_pem();
    o.private_key_pem = pki.leaf.key_pem;
    return o;
}

}  // namespace

TEST(cli, pin_prints_the_verified_chain_and_pins_ready_to_paste) {
    auto pki = tether::testing::make_test_pki();
    tether::testing::mock_server server(chain_server(pki));
    temp_file ca(pki.root.cert_pem, ".pem");
    auto r = run_cli({"pin", "127.0.0.1:" + std::to_string(server.port()), "--ca-file", ca.path().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("verified against --ca-file"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("subject  O=tether tests, CN=localhost\n     issuer   O=tether tests, CN=tether test "
                         "intermediate\n     expires  "),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("tls.pins.push_back({\"127.0.0.1\", {"), std::string::npos) << r.out;
    // Leaf, intermediate and the root from --ca-file, each with the pin
    // computed independently when the certificates were made.
    for (const auto* c : {&pki.leaf, &pki.intermediate, &pki.root}) {
        EXPECT_NE(r.out.find("pin      " + c->pin + "\n"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("\"" + c->pin + "\",  // O=tether tests, CN="), std::string::npos) << r.out;
    }
    EXPECT_LT(r.out.find(pki.leaf.pin), r.out.find(pki.intermediate.pin)) << "leaf first";
    EXPECT_EQ(server.request_count(), 0u) << "a handshake, no request";
}

TEST(cli, pin_refuses_an_unverified_chain_unless_insecure_and_then_labels_it) {
    auto pki = tether::testing::make_test_pki();
    tether::testing::mock_server server(chain_server(pki));
    const auto target = "127.0.0.1:" + std::to_string(server.port());

    auto refused = run_cli({"pin", target});
    EXPECT_EQ(refused.status, 3) << refused.err;
    EXPECT_TRUE(refused.err.starts_with("tether: tls_failed:")) << refused.err;
    EXPECT_EQ(refused.out, "");

    auto insecure = run_cli({"pin", target, "--insecure"});
    ASSERT_EQ(insecure.status, 0) << insecure.err;
    EXPECT_NE(insecure.err.find("WARNING: the chain of " + target + " is NOT VERIFIED"), std::string::npos)
        << insecure.err;
    EXPECT_TRUE(insecure.out.starts_with("WARNING: the chain of " + target + " is NOT VERIFIED")) << insecure.out;
    EXPECT_NE(insecure.out.find("\"" + pki.leaf.pin + "\",  // O=tether tests, CN=localhost (UNVERIFIED)"),
              std::string::npos)
        << insecure.out;
    EXPECT_NE(insecure.out.find(pki.intermediate.pin), std::string::npos) << insecure.out;
    EXPECT_EQ(insecure.out.find(pki.root.pin), std::string::npos) << "the server does not send its root";
}

TEST(cli, pin_with_a_malformed_target_is_a_usage_error) {
    for (const auto* target : {"localhost:99999", "localhost:https", "[::1", ":443"}) {
        SCOPED_TRACE(target);
        auto r = run_cli({"pin", target});
        EXPECT_EQ(r.status, 2) << r.err;
    }
}
