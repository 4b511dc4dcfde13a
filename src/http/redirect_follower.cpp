#include "redirect_follower.hpp"

#include "origin.hpp"

#include "../core/ascii.hpp"
#include "call_preparation.hpp"

#include <tether/core/redact.hpp>

#include <boost/url/parse.hpp>

namespace tether::http::detail {

namespace {

// One hop's view of the caller's sink and download progress. The transport
// opens the sink when a response's head is in; a redirect that will be
// followed keeps its body and its progress to itself, so that a download
// holds the final resource (not a "Moved" page) and progress never goes
// backwards or changes its total.
class hop_filter final : public response_sink {
public:
    hop_filter(std::shared_ptr<response_sink> inner, progress_callback on_progress)
        : inner_(std::move(inner)), on_progress_(std::move(on_progress)) {}

    result<std::unique_ptr<body_writer>> open(int status, const headers& fields) override {
        final_ = !(is_followed_redirect(status) && fields.contains("Location"));
        if (!final_ || !inner_) return std::unique_ptr<body_writer>{};
        return inner_->open(status, fields);
    }

    void report(const progress& p) const {
        if (final_ && on_progress_) on_progress_(p);
    }

private:
    std::shared_ptr<response_sink> inner_;
    progress_callback on_progress_;
    bool final_ = false;  // set on the transport's thread before any body byte
};

call_options for_hop(const call_options& options) {
    if (!options.sink && !options.on_download_progress) return options;
    call_options hop = options;
    auto filter = std::make_shared<hop_filter>(options.sink, options.on_download_progress);
    hop.sink = filter;
    if (options.on_download_progress) {
        hop.on_download_progress = [filter](const progress& p) { filter->report(p); };
    }
    return hop;
}

// The request for the next hop, following the Fetch standard's "HTTP-redirect
// fetch" (§4.4): 303 turns anything but HEAD into GET, 301/302 turn POST into
// GET as every browser and curl do, 307/308 keep method and body. Credentials
// never cross to another origin (Fetch §4.4 step 13; curl CVE-2022-27776).
request next_hop(const request& current, int status, std::string target) {
    request next = current;
    next.url(std::move(target));
    const auto& method = current.method();
    if ((status == 303 && method != "HEAD") || ((status == 301 || status == 302) && method == "POST")) {
        next.method("GET");
        next.body({});
        for (auto name : {"Content-Type", "Content-Length", "Content-Encoding", "Content-Language",
                          "Content-Location", "Transfer-Encoding"}) {
            next.headers().remove(name);
        }
    }
    if (origin_of(current.url()) != origin_of(next.url())) {
        for (auto name : {"Authorization", "Cookie", "Proxy-Authorization"}) next.headers().remove(name);
    }
    return next;
}

}  // namespace

bool is_followed_redirect(int status) noexcept {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

task<result<response>> redirect_follower::intercept(const chain& next) {
    const auto& options = next.options();
    if (options.max_redirects <= 0) co_return co_await next.proceed();

    // The first hop goes on as it came, copying nothing unless a sink or
    // progress needs this hop's view; later hops carry their own request.
    result<response> r = error(errc::internal_error, "unreachable");
    if (options.sink || options.on_download_progress) {
        r = co_await next.proceed(next.current_request(), for_hop(options));
    } else {
        r = co_await next.proceed();
    }
    std::optional<request> current;
    for (int hops = 0;; ++hops) {
        if (!r || !is_followed_redirect(r->status())) break;
        auto location = r->headers().get("Location");
        if (!location) break;
        const request& from = current ? *current : next.current_request();
        if (hops == options.max_redirects) {
            co_return error(errc::too_many_redirects,
                            "gave up after " + std::to_string(hops) + " redirects (the limit); the server may be "
                            "redirecting in a loop, or raise max_redirects")
                .with_request(from.method(), from.url());
        }
        auto target = resolve_url(from.url(), tether::detail::trim(*location));
        if (target && !boost::urls::parse_uri(*target)) target = error(errc::invalid_url, "");
        if (!target) {
            co_return error(errc::protocol_violation, "the server redirected to '" + redact_url(*location) +
                                                          "', which is not a valid URL")
                .with_request(from.method(), from.url());
        }
        if (!options.allow_insecure_redirects && origin_of(from.url()).starts_with("https://") &&
            origin_of(*target).starts_with("http://")) {
            co_return error(errc::insecure_redirect,
                            "the server redirected from https to '" + redact_url(*target) +
                                "', which would send the request unencrypted; set "
                                "client_options::allow_insecure_redirects to allow it")
                .with_request(from.method(), from.url());
        }
        current = next_hop(from, r->status(), std::move(*target));
        r = co_await next.proceed(*current, for_hop(options));
        if (r) r->redirects(hops + 1);
    }
    co_return r;
}

}  // namespace tether::http::detail
