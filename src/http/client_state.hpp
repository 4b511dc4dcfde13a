#pragma once
// What every copy of a client shares.

#include <tether/http/client_options.hpp>
#include <tether/http/interceptor.hpp>
#include <tether/http/transport.hpp>

#include "../core/event_loop.hpp"

#include <memory>
#include <vector>

namespace tether::http::detail {

struct client_state {
    client_state(boost::asio::any_io_executor ex, client_options opts, std::shared_ptr<tether::detail::event_loop> own);
    client_state(const client_state&) = delete;
    client_state& operator=(const client_state&) = delete;
    ~client_state();

    client_options options;
    std::shared_ptr<tether::detail::event_loop> loop;  // null when the caller runs the loop
    boost::asio::any_io_executor executor;
    std::shared_ptr<transport> last;
    std::vector<std::shared_ptr<interceptor>> links;
};

// The links of the chain, in order, written once (like OkHttp's
// RealCall.getResponseWithInterceptorChain):
//  1. the application's interceptors, outermost first: one call per send(),
//     so auth, retry, cache, logging and metrics see what the caller sent;
//  2. the redirect follower: each hop goes on alone, and credentials added
//     above are stripped when a hop changes origin;
//  3. the transport (not a link: the chain ends in it).
std::vector<std::shared_ptr<interceptor>> build_links(const client_options& options);

// The transport `options` ask for, on `executor`.
std::shared_ptr<transport> make_transport(boost::asio::any_io_executor executor, const client_options& options);

}  // namespace tether::http::detail
