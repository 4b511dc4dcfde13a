#pragma once
// What every exchange of one native transport shares.

#include "connection_pool.hpp"

#include "../../core/tls/tls_setup.hpp"

#include <tether/core/error.hpp>
#include <tether/core/result.hpp>
#include <tether/core/tls_options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <mutex>
#include <optional>

namespace tether::http::native {

class exchange;

/// The exchanges in flight, linked through the exchanges themselves (no
/// allocation per call). Thread-safe.
class live_exchanges {
public:
    void add(exchange& x);
    void remove(exchange& x);
    /// Calls `f` with each exchange in flight, under the lock.
    template <class F>
    void for_each(F f) {
        std::lock_guard lock(mutex_);
        for_each_locked(f);
    }

private:
    template <class F>
    void for_each_locked(F& f);

    std::mutex mutex_;
    exchange* first_ = nullptr;
};

struct native_context {
    /// Where sockets live.
    boost::asio::any_io_executor io;
    /// The io_context is run by one thread (concurrency hint 1): exchanges
    /// run on it directly instead of each on its own strand.
    bool single_threaded = false;
    std::shared_ptr<connection_pool> pool;
    /// For https: set up by the first https request (loading the system's
    /// CA bundle costs milliseconds a client that never uses https should
    /// not pay). A bundle that cannot be loaded fails https requests
    /// (errc::tls_failed) instead of the client's construction, as with the
    /// curl transport. Thread-safe.
    [[nodiscard]] result<boost::asio::ssl::context*> tls_context();
    tls_options tls_settings;
    /// Pins and the client certificate, checked when the transport was made.
    std::shared_ptr<const tether::tls::tls_setup> tls_setup;
    bool verify_peer = true;
    bool decompress = true;

    /// Exchanges in flight, so that a transport going away can stop them.
    live_exchanges live;

private:
    std::once_flag tls_once_;
    std::unique_ptr<boost::asio::ssl::context> tls_;
    std::optional<error> tls_setup_error_;
};

}  // namespace tether::http::native
