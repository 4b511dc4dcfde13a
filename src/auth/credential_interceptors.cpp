#include <tether/auth/credentials.hpp>

#include "origin_set.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <openssl/evp.h>

#include <stdexcept>

namespace tether::auth {

namespace {

std::string base64(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

class api_key final : public http::interceptor {
public:
    explicit api_key(api_key_options options)
        : options_(std::move(options)), origins_(options_.origins, "api_key_interceptor") {
        if (options_.name.empty() || options_.key.empty()) {
            throw std::invalid_argument("api_key_interceptor: the name and the key must not be empty");
        }
    }

    task<result<http::response>> intercept(const http::chain& next) override {
        const auto& req = next.current_request();
        if (!origins_.contains_origin_of(req.url())) co_return co_await next.proceed();
        http::request keyed = req;
        if (options_.placement == api_key_placement::header) {
            if (req.headers().contains(options_.name)) co_return co_await next.proceed();
            keyed.headers().set(options_.name, options_.key);
        } else {
            keyed.url(with_query_parameter(req.url()));
        }
        co_return co_await next.proceed(std::move(keyed));
    }

private:
    std::string with_query_parameter(const std::string& url) const;

    api_key_options options_;
    detail::origin_set origins_;
};

class basic_auth final : public http::interceptor {
public:
    explicit basic_auth(const basic_auth_options& options)
        : authorization_("Basic " + base64(options.user + ":" + options.password)),
          origins_(options.origins, "basic_auth_interceptor") {
        if (options.user.find(':') != std::string::npos) {
            throw std::invalid_argument("basic_auth_interceptor: a user name cannot contain ':' (RFC 7617)");
        }
        if (!origins_.all_private_or_secure()) {
            throw std::invalid_argument(
                "basic_auth_interceptor: an http:// origin other than loopback would carry the password in the "
                "clear; use https");
        }
    }

    task<result<http::response>> intercept(const http::chain& next) override {
        const auto& req = next.current_request();
        if (req.headers().contains("Authorization") || !origins_.contains_origin_of(req.url())) {
            co_return co_await next.proceed();
        }
        http::request authorized = req;
        authorized.headers().set("Authorization", authorization_);
        co_return co_await next.proceed(std::move(authorized));
    }

private:
    std::string authorization_;
    detail::origin_set origins_;
};

std::string api_key::with_query_parameter(const std::string& url) const {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return url;  // the request's own validation refuses it further in
    boost::urls::url u(*parsed);
    u.params().set(options_.name, options_.key);
    return std::string(u.buffer());
}

}  // namespace

std::shared_ptr<http::interceptor> api_key_interceptor(api_key_options options) {
    return std::make_shared<api_key>(std::move(options));
}

std::shared_ptr<http::interceptor> basic_auth_interceptor(basic_auth_options options) {
    return std::make_shared<basic_auth>(options);
}

}  // namespace tether::auth
