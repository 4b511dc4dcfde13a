#include "native_transport.hpp"

#include "exchange.hpp"

#include "../../core/tls/trust.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <openssl/ssl.h>

#include <stdexcept>

namespace tether::http::native {

namespace asio = boost::asio;

namespace {

bool runs_on_one_thread(const asio::any_io_executor& ex) {
    // An io_context made with concurrency hint 1 is run by one thread only
    // (Asio's contract for that hint): its handlers never overlap.
    if (const auto* io = ex.target<asio::io_context::executor_type>()) {
        return asio::use_service<asio::detail::scheduler>(io->context()).concurrency_hint() == 1;
    }
    return false;
}

std::string first_proxy_variable(const proxy_environment& env) {
    if (!env.https_proxy.empty()) return "https_proxy";
    if (!env.http_proxy.empty()) return "http_proxy";
    if (!env.all_proxy.empty()) return "all_proxy";
    return {};
}

// The TLS client context for `tls`, or why it cannot be had.
result<std::unique_ptr<asio::ssl::context>> make_tls_context(const tls_options& tls,
                                                             const tether::tls::tls_setup& setup) {
    auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    auto& ctx = *context;
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    // Only HTTP/1.1 is spoken: a server must not pick h2 by ALPN.
    static constexpr unsigned char alpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_CTX_set_alpn_protos(ctx.native_handle(), alpn, sizeof alpn);
    if (auto trusted = tether::tls::load_trust(ctx, tls); !trusted) return std::move(trusted).error();
    if (!setup.apply(ctx.native_handle())) {
        return error(errc::tls_failed, "the TLS context could not take tls_options::client_certificate");
    }
    return context;
}

}  // namespace

result<asio::ssl::context*> native_context::tls_context() {
    std::call_once(tls_once_, [this] {
        auto made = make_tls_context(tls_settings, *tls_setup);
        if (made) {
            tls_ = std::move(*made);
        } else {
            tls_setup_error_.emplace(std::move(made).error());
        }
    });
    if (tls_setup_error_) return *tls_setup_error_;
    return tls_.get();
}

void check_native_options(const client_options& options, const proxy_environment& environment) {
    if (options.http2) {
        throw std::invalid_argument(
            "client_options::http2 is on, but the native transport speaks HTTP/1.1 only: set http2 = false, or use "
            "transport_kind::curl for HTTP/2");
    }
    if (!options.proxy.url.empty()) {
        throw std::invalid_argument(
            "client_options::proxy names a proxy, but the native transport does not support proxies: use "
            "transport_kind::curl");
    }
    if (options.proxy.from_environment && environment.no_proxy != "*") {
        if (auto variable = first_proxy_variable(environment); !variable.empty()) {
            throw std::invalid_argument(
                "the environment variable " + variable +
                " names a proxy, but the native transport does not support proxies: set "
                "client_options::proxy.from_environment = false to connect directly, or use transport_kind::curl");
        }
    }
}

native_transport::native_transport(asio::any_io_executor executor, const client_options& options)
    : context_(std::make_shared<native_context>()) {
    check_native_options(options,
                         options.proxy.from_environment ? proxy_environment::from_process() : proxy_environment{});
    context_->single_threaded = runs_on_one_thread(executor);
    context_->io = std::move(executor);
    context_->decompress = options.decompress;
    pool_limits limits;
    limits.per_origin = options.max_connections_per_host;
    limits.total = options.max_connections;
    if (options.max_connections > 0) limits.idle_total = options.max_connections;
    limits.idle_timeout = options.idle_connection_timeout;
    context_->pool = std::make_shared<connection_pool>(limits);
    context_->tls_settings = options.tls;
    context_->tls_setup = std::make_shared<const tether::tls::tls_setup>(options.tls);
    context_->verify_peer = options.tls.verify_peer;
}

native_transport::~native_transport() {
    context_->pool->shut_down();
    // Calls still in flight end as cancelled rather than outlive the client.
    context_->live.for_each([](exchange& x) {
        std::weak_ptr<exchange> weak = x.weak_from_this();
        asio::post(x.executor(), [weak] {
            if (auto target = weak.lock()) target->abort(errc::cancelled);
        });
    });
}

task<result<response>> native_transport::send(request req, call_options options) {
    // On an io_context run by one thread, a caller already on it runs the
    // exchange in its own coroutine: no second coroutine, no hand-over.
    if (context_->single_threaded) {
        auto here = co_await asio::this_coro::executor;
        if (here == context_->io) {
            auto x = std::make_shared<exchange>(context_, std::move(req), std::move(options), here);
            co_return co_await exchange::run(std::move(x));
        }
    }
    co_return co_await spawn(std::move(req), std::move(options));
}

task<result<response>> native_transport::spawn(request req, call_options options) {
    auto initiation = [context = context_](auto handler, request r, call_options o) {
        auto executor = context->single_threaded ? context->io : asio::any_io_executor(asio::make_strand(context->io));
        auto x = std::make_shared<exchange>(context, std::move(r), std::move(o), executor);
        // The caller's cancellation slot (e.g. a cancelled co_spawn) stops
        // the exchange on its own executor.
        auto slot = asio::get_associated_cancellation_slot(handler);
        if (slot.is_connected()) {
            slot.assign([weak = std::weak_ptr<exchange>(x), executor](asio::cancellation_type type) {
                if (type == asio::cancellation_type::none) return;
                asio::post(executor, [weak] {
                    if (auto target = weak.lock()) target->abort(errc::cancelled);
                });
            });
        }
        auto caller = asio::get_associated_executor(handler, context->io);
        asio::co_spawn(executor, exchange::run(x),
                       asio::bind_executor(caller, [h = std::move(handler)](std::exception_ptr e,
                                                                            result<response> outcome) mutable {
                           if (e) {
                               try {
                                   std::rethrow_exception(e);
                               } catch (const std::exception& what) {
                                   outcome = error(errc::internal_error,
                                                   std::string("the native transport failed: ") + what.what());
                               } catch (...) {
                                   outcome = error(errc::internal_error, "the native transport failed");
                               }
                           }
                           std::move(h)(std::move(outcome));
                       }));
    };
    return asio::async_initiate<decltype(asio::use_awaitable), void(result<response>)>(
        std::move(initiation), asio::use_awaitable, std::move(req), std::move(options));
}

}  // namespace tether::http::native
