#include "retry_decision.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>
#include <optional>
#include <random>
#include <string>

namespace tether::http {

namespace {

namespace asio = boost::asio;

std::mt19937_64& thread_engine() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return engine;
}

double real_random() {
    return std::uniform_real_distribution<double>(0.0, 1.0)(thread_engine());
}

// A random (version 4) UUID, RFC 9562 §5.4.
std::string fresh_key() {
    auto& engine = thread_engine();
    const auto high = engine();
    const auto low = engine();
    unsigned char b[16];
    for (int i = 0; i < 8; ++i) {
        b[i] = static_cast<unsigned char>(high >> (8 * i));
        b[8 + i] = static_cast<unsigned char>(low >> (8 * i));
    }
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

struct timer_canceller {
    asio::steady_timer* timer;
    asio::any_io_executor executor;
    void operator()() const {
        asio::post(executor, [t = timer] { t->cancel(); });
    }
};

// Waits on the calling coroutine's executor; the coroutine's own
// cancellation slot and `cancel` both end the wait early.
task<bool> timer_sleep(std::chrono::milliseconds delay, std::stop_token cancel) {
    if (cancel.stop_requested()) co_return false;
    auto executor = co_await asio::this_coro::executor;
    asio::steady_timer timer(executor, delay);
    std::optional<std::stop_callback<timer_canceller>> on_stop;
    if (cancel.stop_possible()) on_stop.emplace(cancel, timer_canceller{&timer, executor});
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    on_stop.reset();
    co_return !ec && !cancel.stop_requested();
}

std::string describe(const result<response>& outcome) {
    if (outcome) return std::to_string(outcome->status());
    return std::string(to_string(outcome.error().code()));
}

class retrying final : public interceptor {
public:
    retrying(retry_policy policy, retry_environment environment)
        : policy_(std::move(policy)), environment_(std::move(environment)) {
        if (!environment_.sleep) environment_.sleep = timer_sleep;
        if (!environment_.random) environment_.random = real_random;
        if (!environment_.now) environment_.now = [] { return std::chrono::steady_clock::now(); };
    }

    task<result<response>> intercept(const chain& next) override {
        const auto& original = next.current_request();
        std::optional<request> keyed;
        const auto& method = original.method();
        const auto* attached = original.options().tags.get<retry_policy>();
        const bool add_keys = attached ? attached->add_idempotency_keys : policy_.add_idempotency_keys;
        if (add_keys && (method == "POST" || method == "PATCH") &&
            !original.headers().contains("Idempotency-Key")) {
            // One key for every attempt: that is what lets the server see them as one.
            keyed.emplace(original);
            keyed->headers().set("Idempotency-Key", fresh_key());
        }
        const request& req = keyed ? *keyed : original;
        // A policy attached to the request wins over the client's.
        const auto* own = original.options().tags.get<retry_policy>();
        const retry_policy& policy = own ? *own : policy_;
        auto options = next.options();
        const int first = options.attempt;
        std::string history;
        for (int attempt = 1;; ++attempt) {
            options.attempt = first + attempt - 1;
            auto outcome = co_await next.proceed(req, options);
            const auto decision = detail::decide_retry(policy, req, outcome, attempt, environment_.random(),
                                                       std::chrono::system_clock::now(), environment_.now(),
                                                       options.deadline);
            if (!decision.retry) {
                if (outcome) {
                    outcome->attempts(attempt);
                } else {
                    outcome.error().with_attempts(attempt);
                    if (!history.empty()) {
                        error told(outcome.error().code(), outcome.error().message() + " (earlier attempts: " +
                                                               history + ")");
                        told.with_attempts(attempt);
                        if (outcome.error().response()) {
                            told.with_response(outcome.error().response(), outcome.error().status().value_or(0));
                        }
                        told.with_request(outcome.error().method(), outcome.error().url());
                        co_return told;
                    }
                }
                co_return outcome;
            }
            if (!history.empty()) history += ", ";
            history += describe(outcome);
            if (!co_await environment_.sleep(decision.delay, options.cancel)) {
                co_return error(errc::cancelled, "the call was cancelled while waiting to retry (earlier attempts: " +
                                                     history + ")")
                    .with_attempts(attempt)
                    .with_request(req.method(), req.url());
            }
        }
    }

private:
    retry_policy policy_;
    retry_environment environment_;
};

}  // namespace

std::shared_ptr<interceptor> retry_interceptor(retry_policy policy, retry_environment environment) {
    return std::make_shared<retrying>(std::move(policy), std::move(environment));
}

}  // namespace tether::http
