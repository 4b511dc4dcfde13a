#include "multi_driver.hpp"

#include "curl_global.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tether::http::curl {

namespace asio = boost::asio;

// A socket curl asked us to watch. Asio registers descriptors with epoll in
// edge-triggered mode and does not complete a wait for readiness that
// arrived before the wait began, while curl expects level-triggered
// behaviour (it may leave bytes unread, or ask to wait for a socket that is
// already readable). So before every wait we ask poll() whether the socket
// is ready already, and if it is we act at once instead of waiting.
struct multi_driver::socket_watch {
    explicit socket_watch(const asio::any_io_executor& ex) : descriptor(ex) {}
    asio::posix::stream_descriptor descriptor;
    curl_socket_t fd = CURL_SOCKET_BAD;
    int wanted = 0;  // CURL_POLL_IN / OUT / INOUT
    bool read_pending = false;
    bool write_pending = false;
    bool released = false;
};

namespace {

// Idle easy handles kept for reuse, still set up with the client's shared options.
constexpr std::size_t max_idle_handles = 64;

// Idle connections kept open. curl's default (four times the transfers
// active at the moment) shrinks whenever load dips and closes connections
// that the next burst has to open again.
constexpr long default_max_idle_connections = 128;

}  // namespace

namespace {

// The executor the driver's work is serialized on. An io_context whose
// concurrency hint is 1 is run by one thread only (Asio's own contract for
// that hint), so its handlers never overlap and a strand would only add a
// queue and a lock to every handler; anything else gets a strand.
asio::any_io_executor serialized(asio::any_io_executor ex) {
    if (const auto* io = ex.target<asio::io_context::executor_type>()) {
        auto& context = io->context();
        if (asio::use_service<asio::detail::scheduler>(context).concurrency_hint() == 1) return *io;
    }
    return asio::make_strand(std::move(ex));
}

}  // namespace

multi_driver::multi_driver(asio::any_io_executor executor, transport_settings settings)
    : executor_(serialized(std::move(executor))),
      settings_(std::move(settings)),
      timer_(executor_),
      idle_sweep_(executor_) {
    ensure_curl_initialized();
    multi_ = curl_multi_init();
    if (!multi_) throw std::runtime_error("curl_multi_init failed (out of memory)");
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &multi_driver::on_socket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &multi_driver::on_timer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    if (settings_.max_connections_per_host > 0) {
        curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(settings_.max_connections_per_host));
    }
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, default_max_idle_connections);
    if (settings_.max_connections > 0) {
        curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(settings_.max_connections));
        curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(settings_.max_connections));
    }
}

multi_driver::~multi_driver() {
    // Normally shutdown() ran on the driver's executor; if that died first,
    // what is left is torn down here without completing anyone.
    closed_ = true;
    for (auto& [easy, x] : active_) {
        curl_multi_remove_handle(multi_, easy);
        curl_easy_cleanup(easy);
    }
    active_.clear();
    for (auto& [fd, w] : sockets_) {
        w->released = true;
        w->descriptor.release();
    }
    sockets_.clear();
    if (multi_) curl_multi_cleanup(multi_);
    for (auto* easy : idle_handles_) curl_easy_cleanup(easy);
}

void multi_driver::shutdown() {
    if (closed_) return;
    closed_ = true;
    while (!active_.empty()) {
        auto x = active_.begin()->second;
        abort_with(*x, error(errc::cancelled, "the client was destroyed while the request was in flight"));
    }
    timer_.cancel();
    idle_sweep_.cancel();
    // The event loop lets go of curl's sockets while they are still open:
    // once curl_multi_cleanup has closed them, their numbers may already
    // belong to another thread's sockets.
    for (auto& [fd, w] : sockets_) {
        w->released = true;
        w->descriptor.release();
    }
    sockets_.clear();
    curl_multi_cleanup(multi_);
    multi_ = nullptr;
    for (auto* easy : idle_handles_) curl_easy_cleanup(easy);
    idle_handles_.clear();
}

// ---- starting, finishing, aborting exchanges ------------------------------

void multi_driver::start(request req, call_options opts, completion handler) {
    auto slot = asio::get_associated_cancellation_slot(handler);
    auto x = std::make_shared<exchange>(std::move(req), std::move(opts), std::move(handler), executor_);
    if (slot.is_connected()) {
        // Connected here, on the caller's thread, where the caller also
        // emits; the abort itself hops to the driver's executor.
        slot.assign([weak = std::weak_ptr<exchange>(x), driver = weak_from_this()](asio::cancellation_type type) {
            if (type == asio::cancellation_type::none) return;
            if (auto d = driver.lock()) asio::post(d->executor_, [d, weak] { d->abort(weak, errc::cancelled); });
        });
    }
    asio::post(executor_, [self = shared_from_this(), x = std::move(x)]() mutable { self->begin(std::move(x)); });
}

void multi_driver::begin(std::shared_ptr<exchange> x) {
    if (closed_) {
        x->complete(error(errc::cancelled, "the client was destroyed before the request was sent"));
        return;
    }
    const auto& cancel = x->options().cancel;
    if (cancel.stop_requested()) {
        x->complete(error(errc::cancelled, "the call was cancelled before it was sent"));
        return;
    }
    CURL* easy = acquire_easy();
    if (!easy) {
        x->complete(error(errc::internal_error, "curl_easy_init failed (out of memory)"));
        return;
    }
    if (auto configured = x->configure(easy, settings_); !configured) {
        release_easy(easy);
        x->complete(std::move(configured).error());
        return;
    }
    if (auto rc = curl_multi_add_handle(multi_, easy); rc != CURLM_OK) {
        release_easy(easy);
        x->complete(error(errc::internal_error, std::string("curl_multi_add_handle: ") + curl_multi_strerror(rc)));
        return;
    }
    active_.emplace(easy, x);
    if (cancel.stop_possible()) {
        x->stop_watch.emplace(cancel, [weak = std::weak_ptr<exchange>(x), driver = weak_from_this()] {
            if (auto d = driver.lock()) asio::post(d->executor_, [d, weak] { d->abort(weak, errc::cancelled); });
        });
    }
    watch_idle(x->options().read_timeout);
}

namespace {

std::chrono::milliseconds sweep_interval_for(std::chrono::milliseconds read_timeout) {
    // An eighth of the timeout: a stalled exchange fails at most 12.5 %
    // late, never early.
    return std::clamp(read_timeout / 8, std::chrono::milliseconds(5), std::chrono::milliseconds(1000));
}

}  // namespace

void multi_driver::watch_idle(std::chrono::milliseconds read_timeout) {
    if (read_timeout.count() <= 0) return;
    const auto interval = sweep_interval_for(read_timeout);
    if (sweep_interval_.count() > 0 && sweep_interval_ <= interval) return;  // a sweep soon enough is due
    sweep_interval_ = interval;
    idle_sweep_.expires_after(interval);
    idle_sweep_.async_wait([self = weak_from_this()](boost::system::error_code ec) {
        if (ec) return;
        if (auto d = self.lock()) d->sweep_idle();
    });
}

void multi_driver::sweep_idle() {
    sweep_interval_ = std::chrono::milliseconds(0);
    if (closed_) return;
    const auto now = exchange::clock::now();
    std::vector<std::shared_ptr<exchange>> stalled;
    auto shortest = std::chrono::milliseconds::max();
    for (const auto& [easy, x] : active_) {
        const auto timeout = x->options().read_timeout;
        if (timeout.count() <= 0) continue;
        if (x->idle_expired(now)) {
            stalled.push_back(x);
        } else {
            shortest = std::min(shortest, timeout);
        }
    }
    for (const auto& x : stalled) abort_with(*x, x->idle_timeout_error());
    if (shortest != std::chrono::milliseconds::max()) watch_idle(shortest);
}

void multi_driver::abort(const std::weak_ptr<exchange>& weak, errc code) {
    auto x = weak.lock();
    if (!x || !active_.contains(x->easy())) return;
    abort_with(*x, error(code, "the call was cancelled"));
}

void multi_driver::abort_with(exchange& x, error e) {
    // Removing a handle mid-transfer makes curl close its connection rather
    // than return it to the pool in an unknown state.
    CURL* easy = x.easy();
    auto owned = active_.extract(easy);
    curl_multi_remove_handle(multi_, easy);
    release_easy(easy);
    stop_sweeping_when_idle();
    x.complete(std::move(e));
}

void multi_driver::finish_done_transfers() {
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
        if (msg->msg == CURLMSG_DONE) finish(msg->easy_handle, msg->data.result);
    }
}

void multi_driver::finish(CURL* easy, CURLcode code) {
    auto node = active_.extract(easy);
    curl_multi_remove_handle(multi_, easy);
    if (node.empty()) {
        release_easy(easy);
        return;
    }
    auto& x = node.mapped();
    auto r = x->outcome(code);  // reads the handle's info: before it is reset
    // Plain HTTP/1 only: on TLS, bytes after a response are usually the
    // server's session tickets, which curl's TLS layer reads; on HTTP/2 they
    // belong to other streams.
    const bool plain_http1 = r && r->version() != http_version::http2 && r->url().starts_with("http:");
    if (plain_http1) end_if_unread_bytes(x->connection_socket);
    release_easy(easy);
    stop_sweeping_when_idle();
    x->complete(std::move(r));
}

void multi_driver::end_if_unread_bytes(curl_socket_t fd) noexcept {
    // curl 7.88 parks an HTTP/1 connection with bytes past the response on
    // it and would read them as the next response. Bytes nobody asked for
    // end the connection: shut down, it fails curl's liveness check.
    if (fd == CURL_SOCKET_BAD || !owned_sockets_.contains(fd)) return;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) > 0 && (p.revents & POLLIN) != 0) ::shutdown(fd, SHUT_RDWR);
}

void multi_driver::stop_sweeping_when_idle() {
    // A pending sweep is work on the caller's executor: with nothing in
    // flight it must not keep io_context::run() from returning.
    if (!active_.empty() || sweep_interval_.count() == 0) return;
    sweep_interval_ = std::chrono::milliseconds(0);
    idle_sweep_.cancel();
}

CURL* multi_driver::acquire_easy() {
    if (!idle_handles_.empty()) {
        CURL* easy = idle_handles_.back();
        idle_handles_.pop_back();
        return easy;
    }
    CURL* easy = curl_easy_init();
    if (!easy) return nullptr;
    exchange::prepare_handle(easy, settings_);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &multi_driver::on_open_socket);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &multi_driver::on_close_socket);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
    return easy;
}

void multi_driver::release_easy(CURL* easy) noexcept {
    if (closed_ || idle_handles_.size() >= max_idle_handles) {
        curl_easy_cleanup(easy);
        return;
    }
    // Kept configured, not curl_easy_reset: the next exchange sets every
    // option that differs (exchange::configure).
    idle_handles_.push_back(easy);
}

// ---- sockets and timer ----------------------------------------------------

int multi_driver::on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socketp) noexcept {
    try {
        auto* d = static_cast<multi_driver*>(self);
        if (what != CURL_POLL_REMOVE) {
            if (auto it = d->active_.find(easy); it != d->active_.end()) it->second->connection_socket = fd;
        }
        d->watch(fd, what, static_cast<socket_watch*>(socketp));
    } catch (...) {
        return -1;
    }
    return 0;
}

void multi_driver::watch(curl_socket_t fd, int what, socket_watch*) {
    auto it = sockets_.find(fd);
    if (what == CURL_POLL_REMOVE) {
        if (it == sockets_.end()) return;
        if (owned_sockets_.contains(fd)) {
            // A connection parked in curl's pool: stop waiting, but keep the
            // registration for when it is used again (no epoll_ctl per
            // request); on_close_socket ends it.
            it->second->wanted = 0;
            boost::system::error_code ignored;
            it->second->descriptor.cancel(ignored);
            return;
        }
        forget(it);
        return;
    }
    if (it == sockets_.end()) {
        auto w = std::make_shared<socket_watch>(executor_);
        boost::system::error_code ec;
        w->descriptor.assign(fd, ec);
        if (ec) throw boost::system::system_error(ec, "registering a socket with the event loop");
        w->fd = fd;
        it = sockets_.emplace(fd, std::move(w)).first;
    }
    it->second->wanted = what;
    arm(it->second);
}

void multi_driver::forget(std::unordered_map<curl_socket_t, std::shared_ptr<socket_watch>>::iterator it) {
    auto w = it->second;
    sockets_.erase(it);
    w->released = true;
    // release(), not close(): whoever opened the socket closes it.
    w->descriptor.release();
}

curl_socket_t multi_driver::on_open_socket(void* self, curlsocktype, curl_sockaddr* address) noexcept {
    auto* d = static_cast<multi_driver*>(self);
    const curl_socket_t fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
    if (fd == CURL_SOCKET_BAD) return CURL_SOCKET_BAD;
    try {
        d->owned_sockets_.insert(fd);
    } catch (...) {
        ::close(fd);
        return CURL_SOCKET_BAD;
    }
    return fd;
}

int multi_driver::on_close_socket(void* self, curl_socket_t fd) noexcept {
    auto* d = static_cast<multi_driver*>(self);
    d->owned_sockets_.erase(fd);
    if (auto it = d->sockets_.find(fd); it != d->sockets_.end()) d->forget(it);
    return ::close(fd);
}

void multi_driver::arm(const std::shared_ptr<socket_watch>& w) {
    if (w->released || closed_) return;
    const bool want_read = (w->wanted & CURL_POLL_IN) && !w->read_pending;
    const bool want_write = (w->wanted & CURL_POLL_OUT) && !w->write_pending;
    if (!want_read && !want_write) return;

    pollfd p{w->fd, static_cast<short>((want_read ? POLLIN : 0) | (want_write ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, 0) > 0 && p.revents != 0) {
        int flags = 0;
        if (p.revents & POLLIN) flags |= CURL_CSELECT_IN;
        if (p.revents & POLLOUT) flags |= CURL_CSELECT_OUT;
        if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) flags |= CURL_CSELECT_ERR;
        w->read_pending = w->read_pending || want_read;
        w->write_pending = w->write_pending || want_write;
        asio::post(executor_, [self = shared_from_this(), w, flags, want_read, want_write] {
            if (want_read) w->read_pending = false;
            if (want_write) w->write_pending = false;
            self->socket_ready(w, flags);
        });
        return;
    }
    auto on_ready = [self = shared_from_this(), w](int flag) {
        return [self, w, flag](boost::system::error_code ec) {
            (flag == CURL_CSELECT_IN ? w->read_pending : w->write_pending) = false;
            if (w->released || ec == asio::error::operation_aborted) return;
            self->socket_ready(w, ec ? CURL_CSELECT_ERR : flag);
        };
    };
    if (want_read) {
        w->read_pending = true;
        w->descriptor.async_wait(asio::posix::descriptor_base::wait_read, on_ready(CURL_CSELECT_IN));
    }
    if (want_write) {
        w->write_pending = true;
        w->descriptor.async_wait(asio::posix::descriptor_base::wait_write, on_ready(CURL_CSELECT_OUT));
    }
}

void multi_driver::socket_ready(const std::shared_ptr<socket_watch>& w, int flags) {
    if (w->released || closed_) return;
    int running = 0;
    curl_multi_socket_action(multi_, w->fd, flags, &running);
    finish_done_transfers();
    arm(w);
}

int multi_driver::on_timer(CURLM*, long timeout_ms, void* self) noexcept {
    auto* d = static_cast<multi_driver*>(self);
    try {
        if (timeout_ms < 0) {
            d->timer_.cancel();
        } else if (timeout_ms == 0) {
            // Never call back into curl from its own callback: post instead.
            if (!d->timeout_posted_) {
                d->timeout_posted_ = true;
                asio::post(d->executor_, [self = d->shared_from_this()] {
                    self->timeout_posted_ = false;
                    self->timer_expired();
                });
            }
        } else {
            d->timer_.expires_after(std::chrono::milliseconds(timeout_ms));
            d->timer_.async_wait([self = d->weak_from_this()](boost::system::error_code ec) {
                if (ec) return;
                if (auto s = self.lock()) s->timer_expired();
            });
        }
    } catch (...) {
        return -1;
    }
    return 0;
}

void multi_driver::timer_expired() {
    if (closed_) return;
    int running = 0;
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
    finish_done_transfers();
}

}  // namespace tether::http::curl
