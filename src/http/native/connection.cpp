#include "connection.hpp"

#include <poll.h>

namespace tether::http::native {

connection::connection(const boost::asio::any_io_executor& executor, boost::asio::ssl::context* tls) {
    if (tls) {
        tls_.emplace(executor, *tls);
    } else {
        plain_.emplace(executor);
    }
}

bool connection::usable_when_idle() noexcept {
    if (buffer_.size() != 0) return false;
    auto& s = socket();
    if (!s.is_open()) return false;
    pollfd p{};
    p.fd = s.native_handle();
    p.events = POLLIN | POLLRDHUP;
    if (::poll(&p, 1, 0) < 0) return false;
    if ((p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0) return false;
    // TLS 1.3 servers send session tickets after the handshake; those are
    // the TLS layer's to read. Anything readable on a plain connection is
    // either the close that comes next or bytes that belong to no request.
    return secure() || (p.revents & POLLIN) == 0;
}

void connection::cancel() noexcept {
    boost::system::error_code ignored;
    socket().cancel(ignored);
}

void connection::close() noexcept {
    boost::system::error_code ignored;
    socket().shutdown(tcp_socket::shutdown_both, ignored);
    socket().close(ignored);
}

}  // namespace tether::http::native
