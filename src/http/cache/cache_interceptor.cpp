#include <tether/http/cache.hpp>

#include "cache_key.hpp"
#include "cache_rules.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include <mutex>
#include <set>

namespace tether::http {

namespace {

namespace asio = boost::asio;
using std::chrono::seconds;
using std::chrono::system_clock;

response tagged(response r, cache_info info) {
    r.tags().set(std::move(info));
    return r;
}

class caching final : public interceptor, public std::enable_shared_from_this<caching> {
public:
    explicit caching(cache_options options) : options_(std::move(options)) {
        if (!options_.store) options_.store = memory_cache_store();
        if (!options_.now) options_.now = [] { return system_clock::now(); };
    }

    task<result<response>> intercept(const chain& next) override {
        const auto& req = next.current_request();
        if (!cache::handles(req, next.options())) {
            if (!cache::invalidates(req.method())) co_return co_await next.proceed();
            auto outcome = co_await next.proceed();
            if (outcome && outcome->status() >= 200 && outcome->status() < 400) forget(cache::primary_key(req));
            co_return outcome;
        }
        const auto rules = cache::rules_for(req, options_);
        const auto key = cache::primary_key(req);
        std::optional<cache::candidate> stored;
        if (rules.policy != fetch_policy::network_only) stored = lookup(key, req);

        switch (rules.policy) {
            case fetch_policy::cache_only:
                if (stored && (stored->satisfies(rules) || stored->may_serve_stale(rules))) {
                    co_return from_cache(*stored, cache_source::cache);
                }
                co_return error(errc::cache_miss, "nothing usable is cached for this request and its fetch policy "
                                                  "(cache_only or only-if-cached) rules out the network; nothing "
                                                  "was sent");
            case fetch_policy::stale_while_revalidate:
                if (stored && stored->satisfies(rules)) co_return from_cache(*stored, cache_source::cache);
                if (stored && stored->may_serve_stale(rules)) {
                    co_await refresh_in_background(next, key, *stored);
                    co_return from_cache(*stored, cache_source::cache);
                }
                break;
            case fetch_policy::cache_first:
                if (stored && stored->satisfies(rules)) co_return from_cache(*stored, cache_source::cache);
                if (stored && rules.request_allows_stale && stored->may_serve_stale(rules)) {
                    co_return from_cache(*stored, cache_source::cache);
                }
                break;
            case fetch_policy::network_first:
            case fetch_policy::network_only:
                break;
        }
        co_return co_await fetch(next, key, rules, std::move(stored));
    }

private:
    // Goes to the server (conditionally when an entry has validators),
    // stores what may be stored, and falls back to the entry on failure.
    task<result<response>> fetch(const chain& next, std::string key, cache::request_rules rules,
                                 std::optional<cache::candidate> stored) {
        const bool validating = stored && stored->has_validators();
        const auto sent = options_.now();
        std::optional<result<response>> answered;
        if (validating) {
            answered.emplace(co_await next.proceed(cache::conditional(next.current_request(), *stored->entry)));
        } else {
            answered.emplace(co_await next.proceed());
        }
        auto& outcome = *answered;
        const auto received = options_.now();
        if (stored && rules.policy != fetch_policy::network_only && options_.offline_fallback &&
            cache::warrants_fallback(outcome) && (stored->satisfies(rules) || stored->may_serve_stale(rules))) {
            auto r = from_cache(*stored, cache_source::fallback, cache::fallback_reason(outcome));
            r.attempts(outcome ? outcome->attempts() : outcome.error().attempts());
            co_return r;
        }
        co_return settle(next.current_request(), key, rules, validating ? stored->entry : nullptr,
                         std::move(outcome), sent, received);
    }

    // What the network's answer makes of the entry and of the response.
    result<response> settle(const request& req, const std::string& key, const cache::request_rules& rules,
                            const std::shared_ptr<const cached_response>& validated, result<response> outcome,
                            system_clock::time_point sent, system_clock::time_point received) {
        if (!outcome) return outcome;
        if (outcome->status() == 304 && validated) {
            auto updated = cache::refreshed_by(*validated, *outcome, sent, received);
            const bool stored = rules.may_store && save(key, updated);
            const auto age = cache::current_age(updated, options_.now());
            auto r = cache::to_response(updated, age);
            r.attempts(outcome->attempts());
            r.timings(outcome->timings());
            r.version(outcome->version());
            return tagged(std::move(r), cache_info{cache_source::revalidated, false, age, {}, stored});
        }
        bool stored = false;
        if (rules.may_store) {
            if (auto entry = cache::storable_entry(req, *outcome, options_, sent, received)) stored = save(key, *entry);
        }
        return tagged(std::move(*outcome), cache_info{cache_source::network, false, seconds{0}, {}, stored});
    }

    static response from_cache(const cache::candidate& c, cache_source source, std::string reason = {}) {
        const auto age = c.state.age;
        return tagged(cache::to_response(*c.entry, age),
                      cache_info{source, !c.state.fresh(), age, std::move(reason), false});
    }

    // Starts one background refresh per key at a time; its result is stored
    // for the next call and handed to `on_background_refresh`.
    task<void> refresh_in_background(const chain& next, std::string key, cache::candidate stored) {
        {
            const std::lock_guard lock(mutex_);
            if (!refreshing_.insert(key).second) co_return;
        }
        call_options opts = next.options();
        opts.cancel = {};
        opts.attempt = 1;
        opts.on_upload_progress = nullptr;
        opts.on_download_progress = nullptr;
        const auto& req = next.current_request();
        auto validating = stored.has_validators() ? stored.entry : nullptr;
        auto call = next.detach(validating ? cache::conditional(req, *validating) : req, std::move(opts));
        auto executor = co_await asio::this_coro::executor;
        asio::co_spawn(executor, refresh(shared_from_this(), req, std::move(key), std::move(call), validating),
                       asio::detached);
    }

    static task<void> refresh(std::shared_ptr<caching> self, request req, std::string key, detached_call call,
                              std::shared_ptr<const cached_response> validating) {
        cache::request_rules rules = cache::rules_for(req, self->options_);
        std::optional<result<response>> settled;
        try {
            const auto sent = self->options_.now();
            auto outcome = co_await std::move(call).run();
            const auto received = self->options_.now();
            settled.emplace(self->settle(req, key, rules, validating, std::move(outcome), sent, received));
        } catch (...) {
            settled.emplace(error(errc::internal_error, "the background refresh of a cached response threw"));
        }
        {
            const std::lock_guard lock(self->mutex_);
            self->refreshing_.erase(key);
        }
        if (self->options_.on_background_refresh) self->options_.on_background_refresh(req, *settled);
    }

    std::optional<cache::candidate> lookup(const std::string& key, const request& req) {
        auto variants = options_.store->load(key);
        if (!variants) {
            report(std::move(variants).error());
            return std::nullopt;
        }
        return cache::select(*variants, req, options_.partition_headers, options_.now());
    }

    bool save(const std::string& key, cached_response entry) {
        if (auto r = options_.store->save(key, std::move(entry)); !r) {
            report(std::move(r).error());
            return false;
        }
        return true;
    }

    void forget(const std::string& key) {
        if (auto r = options_.store->remove(key); !r) report(std::move(r).error());
    }

    void report(error e) const {
        if (options_.on_store_error) options_.on_store_error(e);
    }

    cache_options options_;
    std::mutex mutex_;
    std::set<std::string> refreshing_;
};

}  // namespace

std::string_view to_string(fetch_policy p) noexcept {
    switch (p) {
        case fetch_policy::cache_first: return "cache_first";
        case fetch_policy::network_first: return "network_first";
        case fetch_policy::network_only: return "network_only";
        case fetch_policy::cache_only: return "cache_only";
        case fetch_policy::stale_while_revalidate: return "stale_while_revalidate";
    }
    return "unknown";
}

std::string_view to_string(cache_source s) noexcept {
    switch (s) {
        case cache_source::network: return "network";
        case cache_source::cache: return "cache";
        case cache_source::revalidated: return "revalidated";
        case cache_source::fallback: return "fallback";
    }
    return "unknown";
}

std::shared_ptr<interceptor> cache_interceptor(cache_options options) {
    return std::make_shared<caching>(std::move(options));
}

}  // namespace tether::http
