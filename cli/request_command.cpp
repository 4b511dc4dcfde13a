#include "commands.hpp"
#include "exit_status.hpp"
#include "request_items.hpp"
#include "signals.hpp"
#include "terminal.hpp"

#include <tether/http.hpp>
#include <tether/http/metrics.hpp>

#include <cmath>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

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
    std::string log = "none";
    bool metrics = false;
    std::string cache_dir;
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

// --log's values (CLI11 has checked and lower-cased them).
http::log_level log_level_named(const std::string& name) {
    if (name == "basic") return http::log_level::basic;
    if (name == "headers") return http::log_level::headers;
    if (name == "body") return http::log_level::body;
    return http::log_level::none;
}

// Says on stderr when the answer did not come from the server just now.
void report_cache_use(const http::response& r) {
    const auto* info = r.tags().get<http::cache_info>();
    if (!info || info->source == http::cache_source::network) return;
    const auto age = std::to_string(info->age.count()) + " s old";
    if (info->source == http::cache_source::fallback) {
        std::cerr << "tether: the network failed (" << info->fallback_reason << "); answered from the cache"
                  << (info->stale ? " (stale, " : " (") << age << ")\n";
    } else if (info->source == http::cache_source::revalidated) {
        std::cerr << "tether: answered from the cache, confirmed by the server (304)\n";
    } else {
        std::cerr << "tether: answered from the cache" << (info->stale ? " (stale, " : " (") << age << ")\n";
    }
}

int fail(const error& e) {
    std::cerr << "tether: " << e.to_string() << '\n';
    return exit_status_for(e);
}

std::string milliseconds(std::chrono::microseconds us) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(us.count()) / 1000.0);
    return text;
}

// One line per route, e.g.
// "metrics: GET 127.0.0.1:8080 /users/{id}: 1 call, 1 ok, 0 errors, 2 retries, 12.3 ms"
// (a 4xx is counted apart from "ok"; error kinds are listed in parentheses).
void print_metrics(const http::metrics_snapshot& snapshot) {
    for (const auto& r : snapshot.routes) {
        std::string line = "metrics: " + r.method + " " + r.host + " " + r.route + ": " + std::to_string(r.count) +
                           (r.count == 1 ? " call, " : " calls, ") + std::to_string(r.successes - r.client_errors) +
                           " ok, ";
        if (r.client_errors > 0) line += std::to_string(r.client_errors) + " 4xx, ";
        line += std::to_string(r.error_count()) + (r.error_count() == 1 ? " error" : " errors");
        std::string kinds;
        for (const auto& [kind, n] : r.errors) kinds += (kinds.empty() ? "" : ", ") + kind;
        if (!kinds.empty()) line += " (" + kinds + ")";
        line += ", " + std::to_string(r.retries) + (r.retries == 1 ? " retry" : " retries");
        if (r.latency.count() == 1) {
            line += ", " + milliseconds(r.latency.max());
        } else if (r.latency.count() > 1) {
            line += ", p50 " + milliseconds(r.p50()) + ", p95 " + milliseconds(r.p95()) + ", max " +
                    milliseconds(r.latency.max());
        }
        if (r.cache_hits + r.cache_misses + r.cache_revalidations + r.cache_fallbacks > 0) {
            line += ", cache: " + std::to_string(r.cache_hits) + " hit, " + std::to_string(r.cache_misses) + " miss, " +
                    std::to_string(r.cache_revalidations) + " revalidated, " + std::to_string(r.cache_fallbacks) +
                    " fallback";
        }
        std::cerr << line << '\n';
    }
}

// The interceptors, outermost first; each flag adds its own:
//   --metrics  sees each call as the user does (retries and their waits included)
//   --cache    answers from DIR when it may, and when the network fails (outside
//              the retries: it falls back once they are spent)
//   --retry    tries again; everything after it runs once per attempt
//   --log      one line (or more) per attempt, secrets redacted
//   -v         the heads of each attempt
std::vector<std::shared_ptr<http::interceptor>> interceptors_for(const request_settings& s,
                                                                 std::shared_ptr<http::metrics_registry> metrics,
                                                                 std::shared_ptr<http::cache_store> cache) {
    std::vector<std::shared_ptr<http::interceptor>> links;
    if (metrics) links.push_back(http::metrics_interceptor(std::move(metrics)));
    if (cache) {
        http::cache_options c;
        c.store = std::move(cache);
        links.push_back(http::cache_interceptor(std::move(c)));
    }
    if (s.retries > 0) {
        http::retry_policy policy;
        policy.max_retries = s.retries;
        links.push_back(http::retry_interceptor(policy));
    }
    if (const auto level = log_level_named(s.log); level != http::log_level::none) {
        http::logging_options log;
        log.level = level;
        links.push_back(http::logging_interceptor(log));
    }
    if (s.verbose) links.push_back(verbose_printer());
    return links;
}

int send(const request_settings& s, const std::shared_ptr<http::metrics_registry>& metrics) {
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

    std::shared_ptr<http::cache_store> cache;
    if (!s.cache_dir.empty()) {
        auto opened = http::open_sqlite_cache_store(std::filesystem::path(s.cache_dir) / "http-cache.sqlite");
        if (!opened) return fail(opened.error());
        cache = std::move(*opened);
    }

    http::client_options options;
    if (!s.ca_file.empty()) options.tls.ca_file = s.ca_file;
    options.interceptors = interceptors_for(s, metrics, std::move(cache));
    http::client client(options);
    auto r = client.execute(std::move(*req));
    if (bar) bar->finish();
    if (!r) return fail(r.error());
    report_cache_use(*r);
    if (!s.download.empty()) {
        std::cerr << "saved to " << s.download << '\n';
    } else {
        std::cout << printable_body(*r);
        std::cout.flush();
    }
    return exit_ok;
}

int run(const request_settings& s) {
    auto metrics = s.metrics ? std::make_shared<http::metrics_registry>() : nullptr;
    const int status = send(s, metrics);
    // Printed last, after the body or the error, whatever the outcome.
    if (metrics) print_metrics(metrics->snapshot());
    return status;
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
    cmd->add_option("--log", s->log, "Log each attempt to stderr, secrets redacted: basic is one line, "
                                     "headers adds the heads, body the bodies")
        ->type_name("LEVEL")
        ->transform(CLI::IsMember({"none", "basic", "headers", "body"}, CLI::ignore_case));
    cmd->add_option("--cache", s->cache_dir,
                    "Keep an HTTP cache in DIR (SQLite): fresh answers come from it, stale ones are revalidated, "
                    "and it answers when the network fails")
        ->type_name("DIR");
    cmd->add_flag("--metrics", s->metrics,
                  "Print a summary of the call to stderr at exit: outcome, error kinds, retries, latency");
    cmd->footer(
        "Exit status: 0 ok, 2 usage, 3 network, 4 timeout, 5 HTTP 4xx, 6 HTTP 5xx, 130 cancelled, 1 other.");
    return [s, cmd]() -> int { return cmd->parsed() ? run(*s) : -1; };
}

}  // namespace tether::cli
