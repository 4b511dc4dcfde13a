#include "commands.hpp"
#include "exit_status.hpp"
#include "request_items.hpp"
#include "signals.hpp"
#include "terminal.hpp"

#include <tether/http.hpp>

#include <cmath>
#include <iostream>
#include <memory>

namespace tether::cli {

namespace {

struct request_settings {
    std::string method;
    std::string url;
    std::vector<std::string> items;
    double timeout_seconds = 0;
    bool verbose = false;
    bool form = false;
    std::string download;
    int max_redirects = 20;
    std::string ca_file;
    int retries = 0;
};

// Shows each request as it enters the chain (defaults merged) and what came
// back, before the status policy has turned it into an error.
std::shared_ptr<http::interceptor> verbose_printer() {
    return http::make_interceptor([](const http::chain& next) -> task<result<http::response>> {
        std::cerr << describe_request(next.current_request()) << '\n';
        auto r = co_await next.proceed(next.current_request());
        if (r) std::cerr << describe_response(*r) << '\n';
        co_return r;
    });
}

int fail(const error& e) {
    std::cerr << "tether: " << e.to_string() << '\n';
    return exit_status_for(e);
}

int run(const request_settings& s) {
    auto items = parse_request_items(s.items);
    if (!items) return fail(items.error());
    auto req = build_request(s.method, s.url, *items, s.form);
    if (!req) return fail(req.error());

    std::stop_source stop;
    stop_on_termination_signal(stop);
    req->options().cancel = stop.get_token();
    if (s.timeout_seconds > 0) {
        req->options().total_timeout = std::chrono::milliseconds(std::llround(s.timeout_seconds * 1000));
    }
    req->options().max_redirects = s.max_redirects;
    std::unique_ptr<progress_bar> bar;
    if (!s.download.empty()) {
        req->options().sink = http::file_sink(s.download);
        // Drawn on stderr, and only when a person is watching the output.
        if (is_terminal(stdout) && is_terminal(stderr)) {
            bar = std::make_unique<progress_bar>(stderr);
            req->options().on_download_progress = [b = bar.get()](const http::progress& p) { b->update(p); };
        }
    }

    http::client_options options;
    if (!s.ca_file.empty()) options.tls.ca_file = s.ca_file;
    if (s.retries > 0) {
        // Outermost, so that --verbose shows every attempt.
        http::retry_policy policy;
        policy.max_retries = s.retries;
        options.interceptors.push_back(http::retry_interceptor(policy));
    }
    if (s.verbose) options.interceptors.push_back(verbose_printer());
    http::client client(options);
    auto r = client.execute(std::move(*req));
    if (bar) bar->finish();
    if (!r) return fail(r.error());
    if (!s.download.empty()) {
        std::cerr << "saved to " << s.download << '\n';
    } else {
        std::cout << printable_body(*r);
        std::cout.flush();
    }
    return exit_ok;
}

}  // namespace

command add_request_command(CLI::App& app) {
    auto s = std::make_shared<request_settings>();
    auto* cmd = app.add_subcommand("request", "Send an HTTP request (httpie-style items)");
    cmd->add_option("method", s->method, "GET, POST, PUT, PATCH, DELETE, ...")->required();
    cmd->add_option("url", s->url, "http(s)://host/path, host:port/path or :port/path")->required();
    cmd->add_option("items", s->items,
                    "Header:value  param==value  field=value  field:=json  field@file");
    cmd->add_option("--timeout", s->timeout_seconds, "Give up after this many seconds (whole call)");
    cmd->add_flag("-v,--verbose", s->verbose, "Print the request and response heads to stderr (secrets redacted)");
    cmd->add_flag("-f,--form", s->form, "Send field=value items as a form instead of JSON");
    cmd->add_option("-o,--download", s->download, "Stream the body to FILE (progress bar on a terminal)");
    cmd->add_option("--max-redirects", s->max_redirects, "Redirects to follow (0: none)")->capture_default_str();
    cmd->add_option("--ca-file", s->ca_file, "Trust the CAs in this PEM file instead of the system's");
    cmd->add_option("--retry", s->retries,
                    "Retry transient failures and 408/429/5xx up to N times (idempotent methods, or with an "
                    "Idempotency-Key header), with backoff and Retry-After")
        ->check(CLI::Range(0, 100));
    cmd->footer(
        "Exit status: 0 ok, 2 usage, 3 network, 4 timeout, 5 HTTP 4xx, 6 HTTP 5xx, 130 cancelled, 1 other.");
    return [s, cmd]() -> int { return cmd->parsed() ? run(*s) : -1; };
}

}  // namespace tether::cli
