#include "curl_errors.hpp"

#include <cerrno>
#include <string>

namespace tether::http::curl {

namespace {

std::string describe(CURLcode code, std::string_view detail) {
    return detail.empty() ? std::string(curl_easy_strerror(code)) : std::string(detail);
}

errc connect_errc(long os_errno) {
    switch (os_errno) {
        case ECONNRESET:
        case EPIPE: return errc::connection_reset;
        default: return errc::connection_refused;
    }
}

}  // namespace

error error_from_curl(CURLcode code, std::string_view detail, long os_errno) {
    const auto what = describe(code, detail);
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            return error(errc::dns_failed, what + "; check the host name and that this machine is online");
        case CURLE_COULDNT_RESOLVE_PROXY:
            return error(errc::proxy_failed, what + "; check the proxy's host name");
        case CURLE_COULDNT_CONNECT:
            return error(connect_errc(os_errno),
                         what + "; check that the server is running and reachable on that port");
        case CURLE_PROXY:
            return error(errc::proxy_failed, what + "; check the proxy address and its credentials");
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_USE_SSL_FAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_CLIENTCERT:
            return error(errc::tls_failed, what + "; check the server's certificate and tls_options::ca_file");
        case CURLE_RECV_ERROR:
            // Over TLS 1.3 a server verifies the client's certificate after
            // the client considers the handshake done, so its refusal (an
            // alert) arrives as the first read fails.
            if (what.find("SSL routines") != std::string::npos && what.find("alert") != std::string::npos) {
                return error(errc::tls_failed, what + "; the server refused the TLS connection: if it asks for a "
                                                      "client certificate, check tls_options::client_certificate");
            }
            // curl reports a malformed chunked body as a receive error; the
            // text is the only place that tells the two apart.
            if (what.find("chunk") != std::string::npos) {
                return error(errc::protocol_violation, what + "; the server's chunked body is malformed");
            }
            return error(errc::connection_reset,
                         what + "; the connection broke before the exchange completed, trying again may help");
        case CURLE_BAD_FUNCTION_ARGUMENT:
            // curl 7.88 reports a chunk it cannot parse this way.
            if (what.find("chunk") != std::string::npos) {
                return error(errc::protocol_violation, what + "; the server's chunked body is malformed");
            }
            return error(errc::network_failed, what);
        case CURLE_SEND_FAIL_REWIND:
            // A kept-alive connection closed after the whole request went out
            // and before any answer; curl would send it again, but only a
            // request that may be sent twice is let through (RFC 9110 §9.2.2).
            return error(errc::connection_reset,
                         "the connection closed before the server answered; the request was not sent again, as the "
                         "server may have acted on it: give a POST or PATCH an Idempotency-Key to make it safe to "
                         "retry");
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            return error(errc::connection_reset,
                         what + "; the connection broke before the exchange completed, trying again may help");
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_BAD_CONTENT_ENCODING:
        case CURLE_HTTP_RETURNED_ERROR:
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_TOO_MANY_REDIRECTS:
        case CURLE_HTTP3:
        case CURLE_QUIC_CONNECT_ERROR:
            return error(errc::protocol_violation, what + "; the server's response is not valid HTTP");
        case CURLE_FILESIZE_EXCEEDED:
            return error(errc::body_too_large, what + "; raise max_body_size or stream the body to a sink");
        case CURLE_URL_MALFORMAT:
            return error(errc::invalid_url, what);
        case CURLE_OPERATION_TIMEDOUT:
            return error(errc::deadline_exceeded, what);
        case CURLE_OUT_OF_MEMORY:
            // In practice this is curl refusing response headers over its
            // 100 KB limit (CURL_MAX_HTTP_HEADER), not the machine's memory.
            return error(errc::protocol_violation,
                         what + ": the response headers are larger than the 100 KB curl accepts, or memory ran out");
        default:
            return error(errc::network_failed, what);
    }
}

}  // namespace tether::http::curl
