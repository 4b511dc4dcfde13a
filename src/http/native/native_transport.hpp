#pragma once
// The native transport: HTTP/1.1 on Boost.Beast's parser and Asio sockets,
// with a per-origin connection pool, for less CPU per request than libcurl.

#include "native_context.hpp"

#include <tether/http/client_options.hpp>
#include <tether/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>

namespace tether::http::native {

class native_transport final : public transport {
public:
    /// Throws std::invalid_argument for options it cannot honour (HTTP/2,
    /// proxies), naming the option.
    native_transport(boost::asio::any_io_executor executor, const client_options& options);
    ~native_transport() override;
    [[nodiscard]] task<result<response>> send(request req, call_options options) override;

private:
    // The exchange in a coroutine of its own, on its own executor; the
    // result comes back to the caller's.
    [[nodiscard]] task<result<response>> spawn(request req, call_options options);

    std::shared_ptr<native_context> context_;
};

/// Throws std::invalid_argument when `options` ask for what the native
/// transport does not do; `environment` is where proxies may come from.
void check_native_options(const client_options& options, const proxy_environment& environment);

}  // namespace tether::http::native
