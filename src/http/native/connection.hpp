#pragma once
// One connection to an origin: a TCP socket, with TLS on top for https, and
// the bytes read from it but not parsed yet.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace tether::http::native {

class connection {
public:
    using tcp_socket = boost::asio::ip::tcp::socket;
    using tls_stream = boost::asio::ssl::stream<tcp_socket>;
    using clock = std::chrono::steady_clock;

    /// A plain connection for http, or, with `tls`, one for https.
    connection(const boost::asio::any_io_executor& executor, boost::asio::ssl::context* tls);

    [[nodiscard]] bool secure() const noexcept { return tls_.has_value(); }
    [[nodiscard]] tcp_socket& socket() noexcept { return tls_ ? tls_->next_layer() : *plain_; }
    [[nodiscard]] tls_stream& tls() noexcept { return *tls_; }
    [[nodiscard]] boost::beast::flat_buffer& buffer() noexcept { return buffer_; }

    /// Whether an idle connection can carry a request: the peer has not
    /// closed it and sent nothing unasked (a stray byte would be taken for
    /// the next response). Never blocks.
    [[nodiscard]] bool usable_when_idle() noexcept;

    /// Stops every operation in progress; they complete with operation_aborted.
    void cancel() noexcept;
    void close() noexcept;

    /// How many exchanges this connection has carried.
    int exchanges = 0;
    clock::time_point idle_since{};

private:
    std::optional<tcp_socket> plain_;
    std::optional<tls_stream> tls_;
    boost::beast::flat_buffer buffer_;
};

}  // namespace tether::http::native
