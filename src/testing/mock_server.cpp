#include <tether/testing/mock_server.hpp>
#include <tether/testing/test_certificates.hpp>

#include "mock_server_impl.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include <fstream>
#include <future>
#include <random>

namespace tether::testing {

namespace asio = boost::asio;

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < path.size()) {
        if (path[start] == '/') {
            ++start;
            continue;
        }
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        out.emplace_back(path.substr(start, end - start));
        start = end;
    }
    return out;
}

bool matches(const route_entry& route, const recorded_request& rec, std::map<std::string, std::string, std::less<>>& params) {
    if (route.method != "*" && route.method != rec.method) return false;
    auto segments = split_path(rec.path);
    std::map<std::string, std::string, std::less<>> found;
    for (std::size_t i = 0; i < route.segments.size(); ++i) {
        const auto& want = route.segments[i];
        if (want == "*" && i + 1 == route.segments.size()) {
            params = std::move(found);
            return true;
        }
        if (i >= segments.size()) return false;
        if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
            found[want.substr(1, want.size() - 2)] = segments[i];
        } else if (want != segments[i]) {
            return false;
        }
    }
    if (segments.size() != route.segments.size()) return false;
    params = std::move(found);
    return true;
}

std::filesystem::path write_temp_file(const std::string& text) {
    std::random_device rd;
    auto path = std::filesystem::temp_directory_path() /
                ("tether-mock-ca-" + std::to_string(rd()) + "-" + std::to_string(rd()) + ".pem");
    std::ofstream(path) << text;
    return path;
}

}  // namespace

mock_server::impl::impl(mock_server_options opts) : options(opts) {}

mock_response mock_server::impl::respond(recorded_request& rec) {
    std::optional<mock_response> chosen;
    route_handler handler;
    {
        std::lock_guard lock(mutex);
        if (!queue.empty()) {
            chosen.emplace(std::move(queue.front()));
            queue.pop_front();
        } else {
            for (const auto& route : routes) {
                if (matches(route, rec, rec.params)) {
                    handler = route.handler;
                    break;
                }
            }
        }
    }
    record(rec);
    if (handler) {
        try {
            chosen.emplace(handler(rec));
        } catch (const std::exception& e) {
            chosen.emplace(mock_response::text(std::string("the route handler threw: ") + e.what(), 500));
        }
    }
    if (!chosen) {
        chosen.emplace(mock_response::text("mock_server: no queued response and no route for " + rec.method + " " +
                                               rec.path,
                                           404));
    }
    return std::move(*chosen);
}

void mock_server::impl::record(const recorded_request& rec) {
    {
        std::lock_guard lock(mutex);
        received.push_back(rec);
    }
    arrived.notify_all();
}

bool mock_server::impl::has_script_for(const recorded_request& rec) {
    std::lock_guard lock(mutex);
    if (!queue.empty()) return true;
    std::map<std::string, std::string, std::less<>> ignored;
    for (const auto& route : routes) {
        if (matches(route, rec, ignored)) return true;
    }
    return false;
}

std::uint64_t mock_server::impl::register_connection(std::function<void()> closer) {
    auto id = ++next_live;
    live.emplace(id, std::move(closer));
    if (live.size() > most_open.load()) most_open.store(live.size());
    return id;
}

void mock_server::impl::unregister_connection(std::uint64_t id) {
    live.erase(id);
}

mock_server::mock_server(mock_server_options options) : impl_(std::make_shared<impl>(options)) {
    auto& s = *impl_;
    if (options.tls) {
        std::vector<std::string> dns_names;
        std::vector<std::string> ip_addresses;
        for (const auto& name : options.certificate_names) {
            boost::system::error_code not_ip;
            asio::ip::make_address(name, not_ip);
            (not_ip ? dns_names : ip_addresses).push_back(name);
        }
        s.tls.emplace(asio::ssl::context::tls_server);
        s.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1);
        if (options.certificate_chain_pem.empty()) {
            auto certs = make_test_certificates(dns_names, ip_addresses);
            s.tls->use_certificate_chain(asio::buffer(certs.cert_pem));
            s.tls->use_private_key(asio::buffer(certs.key_pem), asio::ssl::context::pem);
            s.ca_pem = certs.ca_pem;
            s.ca_file = write_temp_file(certs.ca_pem);
        } else {
            s.tls->use_certificate_chain(asio::buffer(options.certificate_chain_pem));
            s.tls->use_private_key(asio::buffer(options.private_key_pem), asio::ssl::context::pem);
        }
        if (!options.client_ca_pem.empty()) {
            s.tls->add_certificate_authority(asio::buffer(options.client_ca_pem));
            s.tls->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
        }
    }
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), options.port);
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(asio::socket_base::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen();
    s.port = s.acceptor.local_endpoint().port();
    asio::co_spawn(s.io, accept_loop(s), asio::detached);
    s.thread = std::thread([&s] { s.io.run(); });
}

mock_server::~mock_server() {
    stop();
    if (!impl_->ca_file.empty()) {
        std::error_code ignored;
        std::filesystem::remove(impl_->ca_file, ignored);
    }
}

void mock_server::stop() {
    auto& s = *impl_;
    if (s.stopped) return;
    s.stopped = true;
    std::promise<void> closed;
    asio::post(s.io, [&s, &closed] {
        boost::system::error_code ignored;
        s.acceptor.close(ignored);
        auto live = std::move(s.live);
        for (auto& [id, close] : live) close();
        closed.set_value();
    });
    closed.get_future().wait();
    s.work.reset();
    s.thread.join();
}

std::uint16_t mock_server::port() const noexcept {
    return impl_->port;
}

std::string mock_server::origin() const {
    return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(impl_->port);
}

std::string mock_server::url(std::string_view path) const {
    return origin() + std::string(path);
}

void mock_server::enqueue(mock_response response) {
    std::lock_guard lock(impl_->mutex);
    impl_->queue.push_back(std::move(response));
}

void mock_server::route(std::string method, std::string pattern, route_handler handler) {
    std::lock_guard lock(impl_->mutex);
    impl_->routes.push_back({std::move(method), split_path(pattern), std::move(handler)});
}

std::optional<recorded_request> mock_server::take_request(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->mutex);
    auto& s = *impl_;
    if (!s.arrived.wait_for(lock, timeout, [&] { return s.taken < s.received.size(); })) return std::nullopt;
    return s.received[s.taken++];
}

std::vector<recorded_request> mock_server::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->received;
}

std::size_t mock_server::request_count() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->received.size();
}

std::size_t mock_server::connection_count() const {
    return impl_->connections.load();
}

std::size_t mock_server::max_open_connections() const {
    return impl_->most_open.load();
}

const std::string& mock_server::ca_pem() const noexcept {
    return impl_->ca_pem;
}

std::filesystem::path mock_server::ca_file() const {
    return impl_->ca_file;
}

}  // namespace tether::testing
