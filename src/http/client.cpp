#include <tether/http/client.hpp>

#include "call_preparation.hpp"
#include "client_state.hpp"
#include "redirect_follower.hpp"
#include "status_error.hpp"

#include <tether/core/exceptions.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

#include <stdexcept>

namespace tether::http {

namespace detail {

client_state::client_state(boost::asio::any_io_executor ex, client_options opts,
                           std::shared_ptr<tether::detail::event_loop> own)
    : options(std::move(opts)),
      loop(std::move(own)),
      executor(std::move(ex)),
      last(make_transport(executor, options)),
      links(build_links(options)) {}

client_state::~client_state() {
    // The transport winds down on its own executor; then the loop may stop.
    last.reset();
    if (loop) loop->release();
}

std::vector<std::shared_ptr<interceptor>> build_links(const client_options& options) {
    std::vector<std::shared_ptr<interceptor>> links;
    for (const auto& i : options.interceptors) {
        if (!i) throw std::invalid_argument("client_options::interceptors contains a null interceptor");
        links.push_back(i);
    }
    links.push_back(std::make_shared<redirect_follower>());
    return links;
}

namespace {

error error_from_exception(std::exception_ptr e) {
    try {
        std::rethrow_exception(e);
    } catch (const tether::exception& x) {
        return x.error();
    } catch (const boost::system::system_error& x) {
        // use_awaitable throws operation_aborted into a coroutine whose
        // cancellation slot fired; that is the caller's cancellation.
        if (x.code() == boost::asio::error::operation_aborted) {
            return error(errc::cancelled, "the call was cancelled");
        }
        return error(errc::internal_error, std::string("an interceptor threw: ") + x.what());
    } catch (const std::exception& x) {
        return error(errc::internal_error, std::string("an interceptor threw: ") + x.what() +
                                               "; interceptors must return errors as values");
    } catch (...) {
        return error(errc::internal_error, "an interceptor threw a non-standard exception");
    }
}

}  // namespace

// One call, from the caller's request to the caller's result. Parameters by
// value: the coroutine owns what it needs whatever the caller drops.
task<result<response>> perform(std::shared_ptr<const client_state> state, request req) {
    auto prepared = prepare_call(state->options, std::move(req));
    if (!prepared) co_return std::move(prepared).error();
    auto& call = *prepared;

    std::optional<result<response>> outcome;
    try {
        // The links read the request through the chain; it is copied once,
        // when it reaches the transport.
        const chain entry(state->links, *state->last, call.req, call.options, state);
        outcome.emplace(co_await entry.proceed());
    } catch (...) {
        outcome.emplace(error_from_exception(std::current_exception()));
    }
    auto& r = *outcome;
    if (!r) {
        if (r.error().url().empty()) r.error().with_request(call.req.method(), call.req.url());
        co_return std::move(r);
    }
    if (call.accept_status(r->status())) co_return std::move(r);
    request answered(call.req.method(), r->url().empty() ? call.req.url() : r->url());
    co_return status_error(answered, std::move(*r));
}

task<void> deliver(std::shared_ptr<const client_state> state, request req,
                   std::function<void(result<response>)> on_done) {
    // The state moves into perform(), whose frame is gone before on_done
    // runs: once the caller has its result and drops the client, the last
    // reference is the caller's, so the loop thread is joined, never left
    // running past the client (or the process).
    auto r = co_await perform(std::move(state), std::move(req));
    on_done(std::move(r));
}

}  // namespace detail

client::client(client_options options) {
    auto loop = tether::detail::event_loop::start();
    auto ex = loop->executor();
    state_ = std::make_shared<detail::client_state>(std::move(ex), std::move(options), std::move(loop));
}

client::client(boost::asio::any_io_executor executor, client_options options)
    : state_(std::make_shared<detail::client_state>(std::move(executor), std::move(options), nullptr)) {}

task<result<response>> client::send(request req) const {
    return detail::perform(state_, std::move(req));
}

result<response> client::execute(request req) const {
    if (state_->loop && state_->loop->running_in_this_thread()) {
        throw std::logic_error(
            "client::execute() was called on the client's own event-loop thread, where it would wait for itself "
            "forever; use co_await client.send() there");
    }
    return enqueue(std::move(req)).get();
}

std::future<result<response>> client::enqueue(request req) const {
    auto promise = std::make_shared<std::promise<result<response>>>();
    auto future = promise->get_future();
    enqueue(std::move(req), [promise](result<response> r) { promise->set_value(std::move(r)); });
    return future;
}

void client::enqueue(request req, std::function<void(result<response>)> on_done) const {
    // perform() returns every failure as a value; what can still throw is
    // on_done itself, and that is rethrown on the loop rather than lost.
    boost::asio::co_spawn(state_->executor, detail::deliver(state_, std::move(req), std::move(on_done)),
                          [](std::exception_ptr e) {
                              if (e) std::rethrow_exception(e);
                          });
}

boost::asio::any_io_executor client::executor() const noexcept {
    return state_->executor;
}

const client_options& client::options() const noexcept {
    return state_->options;
}

}  // namespace tether::http
