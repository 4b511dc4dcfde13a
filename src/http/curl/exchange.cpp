#include "exchange.hpp"

#include "../idempotency.hpp"

#include "curl_errors.hpp"

#include "../../core/ascii.hpp"
#include "../../core/tls/tls_setup.hpp"

#include <boost/asio/append.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/url/parse.hpp>

#include <charconv>

#include <poll.h>
#include <sys/socket.h>

namespace tether::http::curl {

namespace {

using tether::detail::iequals;

constexpr std::size_t max_header_section = 100 * 1024;
using tether::detail::trim;

std::string ms_text(std::chrono::milliseconds ms) {
    return std::to_string(ms.count()) + " ms";
}

http_version version_of(long v) noexcept {
    switch (v) {
        case CURL_HTTP_VERSION_1_0: return http_version::http1_0;
        case CURL_HTTP_VERSION_1_1: return http_version::http1_1;
        case CURL_HTTP_VERSION_2_0: return http_version::http2;
        case CURL_HTTP_VERSION_3: return http_version::http3;
        default: return http_version::unknown;
    }
}

}  // namespace

exchange::exchange(request req, call_options opts, completion handler,
                   const boost::asio::any_io_executor& driver_executor)
    : req_(std::move(req)), opts_(std::move(opts)), handler_(std::move(handler)) {
    fields_.reserve(16);
    // Like every Asio operation, an exchange keeps the caller's executor
    // from running out of work while it is in flight.
    caller_work_.emplace(boost::asio::prefer(boost::asio::get_associated_executor(handler_, driver_executor),
                                             boost::asio::execution::outstanding_work.tracked));
    started_ = last_activity_ = clock::now();
}

exchange::~exchange() {
    if (header_list_) curl_slist_free_all(header_list_);
}

// ---- configuration --------------------------------------------------------

void exchange::prepare_handle(CURL* easy, const transport_settings& settings) {
    // What every request on this client shares, set once per handle: the
    // driver keeps handles between requests without curl_easy_reset, and
    // configure() sets every option that differs between requests.
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &exchange::on_header);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &exchange::on_write);
    curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &exchange::on_prereq);
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, &exchange::on_read);
    curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &exchange::on_progress);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, settings.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
    if (settings.decompress) curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    // curl drops a connection idle for more than MAXAGE_CONN whole seconds
    // (it truncates the idle time to seconds): N - 1 closes it once idle for
    // N seconds; a timeout under a second rounds up to one.
    const auto idle_seconds = std::chrono::ceil<std::chrono::seconds>(settings.idle_connection_timeout).count();
    curl_easy_setopt(easy, CURLOPT_MAXAGE_CONN, static_cast<long>(std::max<std::int64_t>(0, idle_seconds - 1)));
    configure_tls(easy, settings);
    if (settings.tls_setup->changes_contexts()) {
        // Pins and the client certificate go on the TLS context curl makes
        // for each new connection (a reused one was checked when it opened).
        curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, &exchange::on_ssl_ctx);
    }
    if (settings.tls_setup->pinning()) {
        // A resumed TLS session skips certificate verification, and with it
        // the pin check; every new connection does a full handshake instead.
        curl_easy_setopt(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    }
}

result<void> exchange::configure(CURL* easy, const transport_settings& settings) {
    easy_ = easy;
    settings_ = &settings;
    decompressing_ = settings.decompress;
    curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
    curl_easy_setopt(easy, CURLOPT_URL, req_.url().c_str());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer_);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(easy, CURLOPT_PREREQDATA, this);
    curl_easy_setopt(easy, CURLOPT_READDATA, this);
    curl_easy_setopt(easy, CURLOPT_XFERINFODATA, this);
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, this);
    // Wait for an HTTP/2 connection being set up to the same host rather
    // than opening a second one, so concurrent requests multiplex.
    const bool https = req_.url().size() > 5 && iequals(std::string_view(req_.url()).substr(0, 6), "https:");
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, settings.http2 && https ? 1L : 0L);
    // 0 is curl's default for both: 300 s to connect, no overall limit.
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(0, opts_.connect_timeout.count())));
    long total_ms = 0;
    if (opts_.deadline) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(*opts_.deadline - clock::now());
        if (left.count() <= 0) {
            return error(errc::deadline_exceeded,
                         "the call's total timeout ran out before this request could be sent; raise total_timeout");
        }
        total_ms = static_cast<long>(left.count());
    }
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, total_ms);
    curl_easy_setopt(easy, CURLOPT_NOPROGRESS, opts_.on_download_progress || opts_.on_upload_progress ? 0L : 1L);
    if (auto r = configure_method_and_body(easy); !r) return r;
    if (auto r = configure_headers(easy, settings); !r) return r;
    configure_proxy(easy, settings);
    return {};
}

result<void> exchange::configure_method_and_body(CURL* easy) {
    const auto& method = req_.method();
    const auto& body = req_.body();
    // The handle may carry the previous request's method: start from GET
    // (CURLOPT_HTTPGET also clears NOBODY) and no custom method.
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    if (method == "HEAD") {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
        return {};
    }
    // PUT and PATCH announce an empty body with Content-Length: 0, as
    // servers that insist on a length (411) expect (RFC 9110 §8.6).
    sends_body_ = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    // curl sends a request again on a fresh connection when a reused one
    // closes before any answer, even after the server may have acted on it.
    // A request that may not be sent twice (RFC 9110 §9.2.2) reads its body
    // through on_read, which curl cannot rewind, so that it fails instead;
    // without a body it never takes a reused connection.
    const bool once_only = !tether::http::detail::may_be_sent_twice(req_);
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, once_only && body.empty() ? 1L : 0L);
    if (sends_body_) {
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        const auto* bytes = once_only ? nullptr : body.in_memory();
        if (body.empty()) {
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t{0});
            curl_easy_setopt(easy, CURLOPT_POSTFIELDS, "");
        } else if (bytes) {
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bytes->size()));
            curl_easy_setopt(easy, CURLOPT_POSTFIELDS, bytes->data());
        } else {
            auto opened = body.open();
            if (!opened) return std::move(opened).error();
            body_ = std::move(*opened);
            // No POSTFIELDS: curl reads the body through on_read.
            curl_easy_setopt(easy, CURLOPT_POSTFIELDS, nullptr);
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                             body_.size ? static_cast<curl_off_t>(*body_.size) : curl_off_t{-1});
        }
    }
    if (method != "GET" && (method != "POST" || !sends_body_)) {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    return {};
}

result<void> exchange::configure_headers(CURL* easy, const transport_settings&) {
    auto append = [this](const std::string& line) {
        auto* next = curl_slist_append(header_list_, line.c_str());
        if (next) header_list_ = next;
        return next != nullptr;
    };
    bool ok = true;
    for (const auto& field : req_.headers()) {
        // Framing is the transport's: a stale Content-Length or
        // Transfer-Encoding from the caller would corrupt the message
        // (RFC 9112 §6.3).
        if (iequals(field.name, "Content-Length") || iequals(field.name, "Transfer-Encoding")) continue;
        ok = ok && append(field.value.empty() ? field.name + ";" : field.name + ": " + field.value);
    }
    // Without these, curl would invent a form Content-Type for bodies and
    // wait up to a second for "100 Continue" before large uploads.
    if (sends_body_) {
        if (!req_.headers().contains("Content-Type")) ok = ok && append("Content-Type:");
        if (!req_.headers().contains("Expect")) ok = ok && append("Expect:");
    }
    if (!ok) return error(errc::internal_error, "out of memory while building the request headers");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, header_list_);  // null when there are none
    return {};
}

void exchange::configure_proxy(CURL* easy, const transport_settings& settings) {
    auto proxy = choose_proxy(settings.proxy, settings.proxy_env, req_.url());
    const bool tls_proxy =
        proxy && proxy->url.size() > 8 && iequals(std::string_view(proxy->url).substr(0, 8), "https://");
    proxy_tls_contexts_ = tls_proxy ? 1 : 0;
    if (!proxy) {
        // An empty string (not NULL) also stops curl from reading the
        // environment on its own: the client has already decided.
        curl_easy_setopt(easy, CURLOPT_PROXY, "");
        curl_easy_setopt(easy, CURLOPT_PROXYUSERNAME, nullptr);
        curl_easy_setopt(easy, CURLOPT_PROXYPASSWORD, nullptr);
        return;
    }
    curl_easy_setopt(easy, CURLOPT_PROXY, proxy->url.c_str());
    const bool with_credentials = !proxy->username.empty();
    curl_easy_setopt(easy, CURLOPT_PROXYUSERNAME, with_credentials ? proxy->username.c_str() : nullptr);
    curl_easy_setopt(easy, CURLOPT_PROXYPASSWORD, with_credentials ? proxy->password.c_str() : nullptr);
    curl_easy_setopt(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    // A proxy reached by https:// is trusted the same way as origins.
    if (!settings.tls.verify_peer) {
        curl_easy_setopt(easy, CURLOPT_PROXY_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(easy, CURLOPT_PROXY_SSL_VERIFYHOST, 0L);
    } else if (!settings.tls.ca_pem.empty()) {
        curl_blob blob{const_cast<char*>(settings.tls.ca_pem.data()), settings.tls.ca_pem.size(), CURL_BLOB_NOCOPY};
        curl_easy_setopt(easy, CURLOPT_PROXY_CAINFO_BLOB, &blob);
        curl_easy_setopt(easy, CURLOPT_PROXY_CAPATH, nullptr);
    } else if (!settings.tls.ca_file.empty()) {
        curl_easy_setopt(easy, CURLOPT_PROXY_CAINFO, settings.tls.ca_file.c_str());
        curl_easy_setopt(easy, CURLOPT_PROXY_CAPATH, nullptr);
    }
}

void exchange::configure_tls(CURL* easy, const transport_settings& settings) {
    const auto& ca_pem = settings.tls.ca_pem;
    if (!settings.tls.verify_peer) {
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
        return;
    }
    if (!ca_pem.empty()) {
        curl_blob blob{const_cast<char*>(ca_pem.data()), ca_pem.size(), CURL_BLOB_NOCOPY};
        curl_easy_setopt(easy, CURLOPT_CAINFO_BLOB, &blob);
        curl_easy_setopt(easy, CURLOPT_CAPATH, nullptr);
    } else if (!settings.tls.ca_file.empty()) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, settings.tls.ca_file.c_str());
        curl_easy_setopt(easy, CURLOPT_CAPATH, nullptr);
    }
}

// ---- curl callbacks: noexcept, failures stored in failure_ ----------------

std::size_t exchange::on_header(char* data, std::size_t size, std::size_t count, void* self) noexcept {
    auto* x = static_cast<exchange*>(self);
    const auto n = size * count;
    try {
        x->header_line(std::string_view(data, n));
    } catch (const std::exception& e) {
        x->fail(error(errc::internal_error, std::string("while reading response headers: ") + e.what()));
    }
    return x->failure_ ? 0 : n;
}

std::size_t exchange::on_write(char* data, std::size_t size, std::size_t count, void* self) noexcept {
    auto* x = static_cast<exchange*>(self);
    try {
        return x->body_chunk(std::string_view(data, size * count));
    } catch (const std::exception& e) {
        x->fail(error(errc::internal_error, std::string("while receiving the body: ") + e.what()));
        return 0;
    }
}

std::size_t exchange::on_read(char* data, std::size_t size, std::size_t count, void* self) noexcept {
    auto* x = static_cast<exchange*>(self);
    if (!x->body_.reader) return 0;
    try {
        auto n = x->body_.reader->read(std::span<char>(data, size * count));
        if (!n) {
            x->fail(std::move(n).error());
            return CURL_READFUNC_ABORT;
        }
        x->last_activity_ = clock::now();
        x->uploaded_ += *n;
        return *n;
    } catch (const std::exception& e) {
        x->fail(error(errc::invalid_body, std::string("the request body's reader threw: ") + e.what()));
        return CURL_READFUNC_ABORT;
    }
}

int exchange::on_progress(void* self, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                          curl_off_t ulnow) noexcept {
    auto* x = static_cast<exchange*>(self);
    auto report = [](const progress_callback& cb, curl_off_t now, curl_off_t total, std::uint64_t& last) {
        if (!cb || static_cast<std::uint64_t>(now) == last) return;
        last = static_cast<std::uint64_t>(now);
        progress p{last, total > 0 ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(total)) : std::nullopt};
        cb(p);
    };
    try {
        // curl's count includes chunk framing when the size is unknown.
        const auto uploaded = x->body_.reader ? static_cast<curl_off_t>(x->uploaded_) : ulnow;
        report(x->opts_.on_upload_progress, uploaded, ultotal, x->last_upload_reported_);
        report(x->opts_.on_download_progress, dlnow, dltotal, x->last_download_reported_);
    } catch (const std::exception& e) {
        x->fail(error(errc::internal_error, std::string("a progress callback threw: ") + e.what()));
        return 1;
    }
    return 0;
}

int exchange::on_prereq(void* self, char*, char*, int, int) noexcept {
    auto* x = static_cast<exchange*>(self);
    x->connected_ = true;
    x->last_activity_ = clock::now();
    return CURL_PREREQFUNC_OK;
}

CURLcode exchange::on_ssl_ctx(CURL*, void* ssl_ctx, void* self) noexcept {
    auto* x = static_cast<exchange*>(self);
    try {
        x->set_up_tls_context(ssl_ctx);
    } catch (const std::exception& e) {
        x->fail(error(errc::internal_error, std::string("while setting up TLS: ") + e.what()));
    }
    return x->failure_ ? CURLE_ABORTED_BY_CALLBACK : CURLE_OK;
}

void exchange::set_up_tls_context(void* ssl_ctx) {
    // curl calls this for an https proxy's handshake too, before the origin's.
    if (proxy_tls_contexts_ > 0) {
        --proxy_tls_contexts_;
        return;
    }
    auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
    const auto& setup = *settings_->tls_setup;
    if (!setup.apply(ctx)) {
        fail(error(errc::tls_failed, "the TLS context could not take tls_options::client_certificate"));
        return;
    }
    if (!setup.pinning()) return;
    auto url = boost::urls::parse_uri(req_.url());
    if (!url) {
        fail(error(errc::invalid_url, "the URL has no host to check pins for"));
        return;
    }
    pins_ = setup.check_for(url->host_address());
    if (pins_ && !tls::attach(ctx, pins_)) fail(error(errc::internal_error, "out of memory while setting up pins"));
}

void exchange::fail(error e) noexcept {
    if (!failure_) failure_.emplace(std::move(e));
}

void exchange::header_line(std::string_view line) {
    last_activity_ = clock::now();
    // curl 7.88 bounds one header line, not the section (CVE-2023-38039);
    // the native transport's limit holds here too.
    header_bytes_ += line.size();
    if (header_bytes_ > max_header_section) {
        fail(error(errc::protocol_violation, "the response headers are larger than the " +
                                                 std::to_string(max_header_section / 1024) +
                                                 " KiB tether accepts; the server's answer is not usable"));
        return;
    }
    if (line.size() >= 5 && line.substr(0, 5) == "HTTP/") {
        // A status line starts a response; 1xx responses come before the
        // final one and are forgotten (RFC 9110 §15.2).
        fields_.clear();
        header_bytes_ = line.size();
        head_complete_ = false;
        auto rest = line.substr(5);
        auto space = rest.find(' ');
        if (space == std::string_view::npos) return;
        auto status_text = rest.substr(space + 1, 3);
        int status = 0;
        std::from_chars(status_text.data(), status_text.data() + status_text.size(), status);
        res_.status(status);
        res_.reason(std::string(trim(rest.size() > space + 4 ? rest.substr(space + 4) : std::string_view{})));
        return;
    }
    auto text = trim(line);
    if (text.empty()) {
        if (res_.status() >= 200 && !head_complete_) headers_complete();
        return;
    }
    if (head_complete_) {
        // Trailer fields of a chunked body (RFC 9112 §7.1.2).
        if (auto colon = text.find(':'); colon != std::string_view::npos) {
            res_.headers().add(std::string(trim(text.substr(0, colon))), std::string(trim(text.substr(colon + 1))));
        }
        return;
    }
    if ((line.front() == ' ' || line.front() == '\t') && !fields_.empty()) {
        // Obsolete line folding (RFC 9112 §5.2): a continuation of the last value.
        fields_.back().value += ' ';
        fields_.back().value += text;
        return;
    }
    auto colon = text.find(':');
    if (colon == std::string_view::npos) return;
    fields_.push_back({std::string(trim(text.substr(0, colon))), std::string(trim(text.substr(colon + 1)))});
}

void exchange::headers_complete() {
    head_complete_ = true;
    res_.headers() = http::headers(std::move(fields_));
    fields_ = {};
    auto& h = res_.headers();
    if (opts_.max_body_size) {
        if (auto length = res_.headers().get("Content-Length")) {
            std::uint64_t n = 0;
            auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), n);
            if (ec == std::errc() && n > *opts_.max_body_size) {
                fail(error(errc::body_too_large, "the response announces " + std::to_string(n) +
                                                     " bytes, over max_body_size (" +
                                                     std::to_string(*opts_.max_body_size) +
                                                     "); raise max_body_size or stream the body to a sink"));
                return;
            }
        }
    }
    if (decompressing_) {
        // The body will arrive decoded: headers that describe the encoded
        // form would now lie about it (OkHttp, Go and reqwest drop them too).
        if (auto coding = h.get("Content-Encoding"); coding && !tether::detail::iequals(*coding, "identity")) {
            h.remove("Content-Encoding");
            h.remove("Content-Length");
        }
    }
    if (!opts_.sink) return;
    auto writer = opts_.sink->open(res_.status(), res_.headers());
    if (!writer) {
        fail(std::move(writer).error());
        return;
    }
    writer_ = std::move(*writer);
}

std::size_t exchange::body_chunk(std::string_view chunk) {
    last_activity_ = clock::now();
    received_ += chunk.size();
    if (opts_.max_body_size && received_ > *opts_.max_body_size) {
        fail(error(errc::body_too_large, "the response body exceeds max_body_size (" +
                                             std::to_string(*opts_.max_body_size) +
                                             " bytes); raise max_body_size or stream the body to a sink"));
        return 0;
    }
    if (writer_) {
        if (auto w = writer_->write(chunk); !w) {
            fail(std::move(w).error());
            return 0;
        }
        return chunk.size();
    }
    res_.body().append(chunk);
    return chunk.size();
}

// ---- outcome --------------------------------------------------------------

bool exchange::idle_expired(clock::time_point now) const noexcept {
    return connected_ && now - last_activity_ >= opts_.read_timeout;
}

error exchange::idle_timeout_error() const {
    return error(errc::read_timeout, "nothing was received for " + ms_text(opts_.read_timeout) +
                                         " (read timeout); the server may be overloaded, or raise read_timeout");
}

error exchange::timeout_error(const error& from_curl) const {
    const auto now = clock::now();
    // curl reports both of its timeouts as CURLE_OPERATION_TIMEDOUT; which
    // one fired follows from whether the connection was ever made and
    // whether the deadline has passed (curl's own timer fires at it).
    constexpr auto tolerance = std::chrono::milliseconds(5);
    const bool deadline_passed = opts_.deadline && now + tolerance >= *opts_.deadline;
    if (!connected_ && !deadline_passed) {
        return error(errc::connect_timeout, "could not connect within " + ms_text(opts_.connect_timeout) +
                                                " (connect timeout): " + from_curl.message() +
                                                "; check that the server is reachable, or raise connect_timeout");
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - started_);
    return error(errc::deadline_exceeded, "the call did not complete within its total timeout (gave up after " +
                                              ms_text(elapsed) + "); raise total_timeout if the server is slow");
}

http::timings exchange::read_timings() const {
    auto get = [this](CURLINFO info) {
        curl_off_t v = 0;
        curl_easy_getinfo(easy_, info, &v);
        return v;
    };
    const auto dns = get(CURLINFO_NAMELOOKUP_TIME_T);
    const auto connect = get(CURLINFO_CONNECT_TIME_T);
    const auto tls = get(CURLINFO_APPCONNECT_TIME_T);
    long connects = 0;
    curl_easy_getinfo(easy_, CURLINFO_NUM_CONNECTS, &connects);
    http::timings t;
    t.dns = std::chrono::microseconds(dns);
    t.connect = std::chrono::microseconds(connect > dns ? connect - dns : 0);
    t.tls = std::chrono::microseconds(tls > connect ? tls - connect : 0);
    t.first_byte = std::chrono::microseconds(get(CURLINFO_STARTTRANSFER_TIME_T));
    t.total = std::chrono::microseconds(get(CURLINFO_TOTAL_TIME_T));
    t.reused_connection = connects == 0;
    return t;
}

result<response> exchange::outcome(CURLcode code) {
    if (failure_) return *failure_;
    // curl reports the aborted handshake as a failed verification; the pin
    // check says which pins were expected and which keys were found.
    if (code != CURLE_OK && pins_ && pins_->failed()) return error(errc::pinning_failed, pins_->failure());
    if (code != CURLE_OK) {
        long connect_status = 0;
        curl_easy_getinfo(easy_, CURLINFO_HTTP_CONNECTCODE, &connect_status);
        if (connect_status >= 300) {
            // curl 7.88 reports a refused CONNECT as a receive error.
            return error(errc::proxy_failed,
                         "the proxy refused to open a tunnel (status " + std::to_string(connect_status) + ")" +
                             (connect_status == 407 ? "; it wants credentials: set proxy_options username and password"
                                                    : "; check the proxy's rules for this host"));
        }
        long os_errno = 0;
        curl_easy_getinfo(easy_, CURLINFO_OS_ERRNO, &os_errno);
        auto e = error_from_curl(code, error_buffer_, os_errno);
        if (code == CURLE_OPERATION_TIMEDOUT) return timeout_error(e);
        return e;
    }
    if (!head_complete_) {
        return error(errc::connection_reset,
                     "the connection closed before the response headers were complete; trying again may help");
    }
    if (writer_) {
        auto finished = writer_->finish();
        writer_.reset();
        if (!finished) return std::move(finished).error();
    }
    long version = 0;
    curl_easy_getinfo(easy_, CURLINFO_HTTP_VERSION, &version);
    res_.version(version_of(version));
    res_.timings(read_timings());
    res_.url(req_.url());  // the request stays whole: complete() may still name it in an error
    return std::move(res_);
}

void exchange::complete(result<response> r) {
    if (!r && r.error().url().empty()) r.error().with_request(req_.method(), req_.url());
    stop_watch.reset();
    writer_.reset();
    if (!handler_) return;
    // On the caller's executor: inline when that is this thread (the driver
    // calls this only between curl calls, never from a curl callback, and
    // whatever the caller does next reaches curl through a post), otherwise
    // posted there.
    boost::asio::dispatch(boost::asio::append(std::move(handler_), std::move(r)));
    caller_work_.reset();
}

}  // namespace tether::http::curl
