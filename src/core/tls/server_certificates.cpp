#include <tether/core/server_certificates.hpp>

#include "certificate_text.hpp"
#include "spki_pin.hpp"
#include "tls_setup.hpp"
#include "trust.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <openssl/x509v3.h>

#include <optional>

namespace tether {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using tls_stream = asio::ssl::stream<tcp::socket>;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

bool is_ip_address(const std::string& host) {
    boost::system::error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

certificate_summary summary_of(X509* cert) {
    certificate_summary s;
    s.subject = tls::name_text(X509_get_subject_name(cert));
    s.issuer = tls::name_text(X509_get_issuer_name(cert));
    s.not_after = tls::not_after_text(cert);
    if (auto hash = tls::spki_hash_of(cert)) s.pin = tls::pin_text(*hash);
    return s;
}

// The handshake, on an event loop of its own. Parameters by value (see
// docs/coroutines.md); `out` and `stream` outlive the loop's run.
asio::awaitable<void> handshake(tls_stream& stream, std::string host, std::uint16_t port,
                                std::optional<result<void>>& out) {
    const auto where = host + " port " + std::to_string(port);
    tcp::resolver resolver(stream.get_executor());
    auto [resolve_ec, endpoints] = co_await resolver.async_resolve(host, std::to_string(port), use_tuple);
    if (resolve_ec) {
        out.emplace(error(errc::dns_failed, "could not resolve host '" + host + "' (" + resolve_ec.message() + ")"));
        co_return;
    }
    auto [connect_ec, endpoint] = co_await asio::async_connect(stream.next_layer(), endpoints, use_tuple);
    if (connect_ec) {
        out.emplace(error(errc::connection_refused, "could not connect to " + where + " (" + connect_ec.message() +
                                                        "); check that a TLS server listens there"));
        co_return;
    }
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (ec) {
        out.emplace(error(errc::tls_failed, "the TLS handshake with " + where + " failed (" + ec.message() +
                                                "); is it a TLS port, and does it want a client certificate?"));
        co_return;
    }
    out.emplace();
}

}  // namespace

result<server_certificates> fetch_server_certificates(const std::string& host, std::uint16_t port,
                                                      const tls_options& tls, std::chrono::milliseconds timeout) {
    auto inspect = tls;
    inspect.pins.clear();  // what is being looked for, not checked
    const tls::tls_setup setup(inspect);

    asio::ssl::context ctx(asio::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    if (auto trusted = tls::load_trust(ctx, tls); !trusted) return std::move(trusted).error();
    if (!setup.apply(ctx.native_handle())) return error(errc::tls_failed, "could not set up the client certificate");

    // Declared before the loop, whose destruction ends a handshake that ran
    // out of time: the coroutine frame goes before what it refers to.
    std::optional<result<void>> done;
    asio::io_context io(1);
    tls_stream stream(io, ctx);
    SSL* ssl = stream.native_handle();
    // The handshake always completes; whether the chain verified is read
    // afterwards, with the host name checked as part of it.
    stream.set_verify_mode(asio::ssl::verify_none);
    const bool ip = is_ip_address(host);
    if (!ip) SSL_set_tlsext_host_name(ssl, host.c_str());
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1 : SSL_set1_host(ssl, host.c_str()) != 1) {
        return error(errc::invalid_url, "'" + host + "' is not a host name or IP address");
    }

    asio::co_spawn(io, handshake(stream, host, port, done), asio::detached);
    io.run_for(timeout);
    if (!done) {
        return error(errc::connect_timeout, "no TLS handshake with " + host + " port " + std::to_string(port) +
                                                " within " + std::to_string(timeout.count()) + " ms");
    }
    if (!*done) return std::move(*done).error();

    server_certificates out;
    const long verdict = SSL_get_verify_result(ssl);
    out.verified = verdict == X509_V_OK;
    if (!out.verified) out.verify_error = X509_verify_cert_error_string(verdict);
    STACK_OF(X509)* chain = out.verified ? SSL_get0_verified_chain(ssl) : SSL_get_peer_cert_chain(ssl);
    for (int i = 0; chain && i < sk_X509_num(chain); ++i) out.chain.push_back(summary_of(sk_X509_value(chain, i)));
    boost::system::error_code ignored;
    stream.next_layer().close(ignored);
    if (tls.verify_peer && !out.verified) {
        return error(errc::tls_failed, "the certificate of " + host + " port " + std::to_string(port) +
                                           " was not accepted (" + out.verify_error +
                                           "); trust its CA with tls_options::ca_file, or inspect it unverified");
    }
    return out;
}

}  // namespace tether
