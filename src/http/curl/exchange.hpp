#pragma once
// One HTTP exchange carried by one curl easy handle: configures the handle
// from the request, collects the response through curl's callbacks, and
// turns the outcome into a result. Lives on the driver's executor.

#include "transport_settings.hpp"

#include <tether/http/call_options.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>

#include <curl/curl.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>

namespace tether::tls {
class pin_check;
}

namespace tether::http::curl {

using completion = boost::asio::any_completion_handler<void(result<response>)>;

class exchange {
public:
    using clock = std::chrono::steady_clock;

    exchange(request req, call_options opts, completion handler, const boost::asio::any_io_executor& driver_executor);

    /// The connection's socket, as curl last asked the driver to watch it.
    curl_socket_t connection_socket = CURL_SOCKET_BAD;
    exchange(const exchange&) = delete;
    exchange& operator=(const exchange&) = delete;
    ~exchange();

    // Sets what every request of a client shares on a new handle.
    static void prepare_handle(CURL* easy, const transport_settings& settings);
    // Sets every option that differs between requests, on a handle made by
    // prepare_handle (possibly used before). On failure nothing was sent.
    result<void> configure(CURL* easy, const transport_settings& settings);

    CURL* easy() const noexcept { return easy_; }
    const call_options& options() const noexcept { return opts_; }

    // The outcome once curl reports the transfer done with `code`.
    result<response> outcome(CURLcode code);

    // Hands the result to the caller on the caller's executor, once; errors
    // get the request's method and URL.
    void complete(result<response> r);

    // The read timeout counts from the last byte moved, once connected (the
    // connect timeout covers what comes before).
    bool idle_expired(clock::time_point now) const noexcept;
    error idle_timeout_error() const;

    std::optional<std::stop_callback<std::function<void()>>> stop_watch;

private:
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    static std::size_t on_write(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    static std::size_t on_read(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    static int on_progress(void* self, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) noexcept;
    static int on_prereq(void* self, char* conn_primary_ip, char* conn_local_ip, int conn_primary_port,
                         int conn_local_port) noexcept;
    static CURLcode on_ssl_ctx(CURL* easy, void* ssl_ctx, void* self) noexcept;
    void set_up_tls_context(void* ssl_ctx);

    void header_line(std::string_view line);
    void headers_complete();
    std::size_t body_chunk(std::string_view chunk);
    result<void> configure_method_and_body(CURL* easy);
    result<void> configure_headers(CURL* easy, const transport_settings& settings);
    void configure_proxy(CURL* easy, const transport_settings& settings);
    static void configure_tls(CURL* easy, const transport_settings& settings);
    void fail(error e) noexcept;
    http::timings read_timings() const;
    error timeout_error(const error& from_curl) const;

    request req_;
    call_options opts_;
    completion handler_;
    std::optional<boost::asio::any_completion_executor> caller_work_;

    CURL* easy_ = nullptr;
    const transport_settings* settings_ = nullptr;  // the driver's, which outlives every transfer
    // The pin check of the connection this exchange opened, if its host is pinned.
    std::shared_ptr<tls::pin_check> pins_;
    // TLS contexts curl makes for an https proxy (its handshake comes first):
    // neither pinned nor given the client certificate, which are the origin's.
    int proxy_tls_contexts_ = 0;
    curl_slist* header_list_ = nullptr;
    opened_body body_;
    response res_;
    std::vector<header_field> fields_;
    std::unique_ptr<body_writer> writer_;
    bool head_complete_ = false;
    bool connected_ = false;
    bool decompressing_ = false;
    bool sends_body_ = false;
    std::uint64_t received_ = 0;
    // What on_read handed to curl: the body's bytes, without chunk framing.
    std::uint64_t uploaded_ = 0;
    std::size_t header_bytes_ = 0;
    std::uint64_t last_download_reported_ = ~std::uint64_t{0};
    std::uint64_t last_upload_reported_ = ~std::uint64_t{0};
    std::optional<error> failure_;
    clock::time_point started_;
    clock::time_point last_activity_;
    char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace tether::http::curl
