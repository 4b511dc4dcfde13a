#include "../../core/ascii.hpp"

#include <tether/core/redact.hpp>
#include <tether/http/logging.hpp>

#include <chrono>
#include <cstdio>
#include <string>

namespace tether::http {

namespace {

using clock = std::chrono::steady_clock;

bool looks_binary(std::string_view bytes) noexcept {
    for (unsigned char c : bytes.substr(0, 512)) {
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
        if (c == 0x7f) return true;
    }
    return false;
}

class logging final : public interceptor {
public:
    explicit logging(logging_options options) : options_(std::move(options)) {
        if (!options_.sink) {
            options_.sink = [](std::string_view line) {
                std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
            };
        }
        for (const auto& name : options_.redact_query) query_names_.emplace_back(name);
    }

    task<result<response>> intercept(const chain& next) override {
        if (options_.level == log_level::none) co_return co_await next.proceed();
        const auto& req = next.current_request();
        const auto url = redact_url(req.url(), query_names_);
        const int attempt = next.options().attempt;
        if (options_.level >= log_level::headers) {
            write("--> " + req.method() + " " + url + attempt_text(attempt));
            write_headers(req.headers());
            if (options_.level >= log_level::body) write_body(req.body().in_memory(), req.body().empty());
            write("--> END " + req.method());
        }
        const auto started = clock::now();
        auto outcome = co_await next.proceed();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started).count();
        if (outcome) {
            const auto& res = *outcome;
            write("<-- " + req.method() + " " + url + " " + std::to_string(res.status()) +
                  (res.reason().empty() ? std::string() : " " + std::string(res.reason())) + ", " + std::to_string(res.body().size()) +
                  " bytes, " + std::to_string(ms) + " ms" + attempt_text(attempt));
            if (options_.level >= log_level::headers) {
                write_headers(res.headers());
                if (options_.level >= log_level::body) write_body(&res.body(), res.body().empty());
                write("<-- END HTTP");
            }
        } else {
            write("<-- " + req.method() + " " + url + " failed: " + std::string(to_string(outcome.error().code())) +
                  ", " + std::to_string(ms) + " ms" + attempt_text(attempt) + " (" + outcome.error().message() + ")");
        }
        co_return outcome;
    }

private:
    static std::string attempt_text(int attempt) {
        return attempt > 1 ? ", attempt " + std::to_string(attempt) : std::string();
    }

    bool redacted(std::string_view name) const noexcept {
        if (is_sensitive_header(name)) return true;
        for (const auto& extra : options_.redact_headers) {
            if (tether::detail::iequals(extra, name)) return true;
        }
        return false;
    }

    void write_headers(const headers& fields) const {
        for (const auto& f : fields) {
            write(f.name + ": " + (redacted(f.name) ? std::string(redacted_text) : f.value));
        }
    }

    void write_body(const std::string* bytes, bool empty) const {
        if (empty) return;
        if (!bytes) {
            write("(body streamed, not logged)");
            return;
        }
        if (looks_binary(*bytes)) {
            write("(binary body, " + std::to_string(bytes->size()) + " bytes)");
            return;
        }
        if (bytes->size() > options_.max_body_bytes) {
            write(bytes->substr(0, options_.max_body_bytes));
            write("(" + std::to_string(bytes->size() - options_.max_body_bytes) + " more bytes not logged)");
            return;
        }
        write(*bytes);
    }

    void write(const std::string& line) const { options_.sink(line); }

    logging_options options_;
    std::vector<std::string_view> query_names_;
};

}  // namespace

std::shared_ptr<interceptor> logging_interceptor(logging_options options) {
    return std::make_shared<logging>(std::move(options));
}

}  // namespace tether::http
