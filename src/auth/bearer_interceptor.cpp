#include <tether/auth/bearer.hpp>

#include "origin_set.hpp"

#include <stdexcept>

namespace tether::auth {

namespace {

class bearer final : public http::interceptor {
public:
    bearer(std::shared_ptr<session> s, const bearer_options& options)
        : session_(std::move(s)), origins_(options.origins, "bearer_interceptor") {
        if (!session_) throw std::invalid_argument("bearer_interceptor: the session is null");
    }

    task<result<http::response>> intercept(const http::chain& next) override {
        const auto& req = next.current_request();
        if (req.headers().contains("Authorization") || !origins_.contains_origin_of(req.url())) {
            co_return co_await next.proceed();
        }
        auto grant = co_await session_->current();
        if (!grant) co_return std::move(grant).error();
        if (!*grant) co_return co_await next.proceed();  // signed out: the server decides

        auto outcome = co_await next.proceed(with_token(req, (*grant)->authorization));
        if (!outcome || outcome->status() != 401 || !session_->can_refresh() || !req.body().replayable()) {
            co_return outcome;
        }
        auto renewed = co_await session_->refresh_after((*grant)->generation);
        if (!renewed) co_return std::move(renewed).error();
        // Once only: a second 401 with a fresh token is the server's answer.
        co_return co_await next.proceed(with_token(req, renewed->authorization));
    }

private:
    static http::request with_token(const http::request& req, const std::string& authorization) {
        http::request authorized = req;
        authorized.headers().set("Authorization", authorization);
        return authorized;
    }

    std::shared_ptr<session> session_;
    detail::origin_set origins_;
};

}  // namespace

std::shared_ptr<http::interceptor> bearer_interceptor(std::shared_ptr<session> s, bearer_options options) {
    return std::make_shared<bearer>(std::move(s), options);
}

}  // namespace tether::auth
