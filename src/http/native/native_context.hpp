#pragma once
// What every exchange of one native transport shares.

#include "connection_pool.hpp"

#include <tether/core/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include <list>
#include <memory>
#include <mutex>
#include <optional>

namespace tether::http::native {

class exchange;

struct native_context {
    /// Where sockets live.
    boost::asio::any_io_executor io;
    /// The io_context is run by one thread (concurrency hint 1): exchanges
    /// run on it directly instead of each on its own strand.
    bool single_threaded = false;
    std::shared_ptr<connection_pool> pool;
    /// For https; set up once. A CA bundle that cannot be loaded fails
    /// https requests (errc::tls_failed) instead of the client's construction,
    /// as with the curl transport.
    std::unique_ptr<boost::asio::ssl::context> tls;
    std::optional<error> tls_setup_error;
    bool verify_peer = true;
    bool decompress = true;

    /// Exchanges in flight, so that a transport going away can stop them.
    std::mutex live_mutex;
    std::list<std::weak_ptr<exchange>> live;
};

}  // namespace tether::http::native
