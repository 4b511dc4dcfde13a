#pragma once
// Reads one HTTP/1.1 response from bytes, without I/O: the native transport
// feeds it what the socket delivers, and the fuzzer feeds it anything.

#include "content_decoder.hpp"
#include "response_parser.hpp"

#include <tether/core/result.hpp>
#include <tether/http/call_options.hpp>
#include <tether/http/response.hpp>
#include <tether/http/response_sink.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace tether::http::native {

/// The largest response header section accepted, like curl's 100 KB.
inline constexpr std::size_t max_header_bytes = 100 * 1024;

/// Turns the bytes of one response into a `response` (or a typed error):
/// status line and headers, any framing (Content-Length, chunked, until
/// close), informational 1xx responses skipped, the body decoded, limited,
/// and handed to the call's sink with download progress.
class response_reader {
public:
    /// `head_request`: the response has no body whatever it announces.
    /// `decompress`: undo gzip, deflate and br and drop the headers that
    /// describe the encoded form.
    response_reader(bool head_request, bool decompress, const call_options& options);
    ~response_reader();
    response_reader(const response_reader&) = delete;
    response_reader& operator=(const response_reader&) = delete;

    /// Parses the front of `bytes`; returns how many it used (fewer than
    /// given once the response is complete: the rest belongs to no response).
    [[nodiscard]] result<std::size_t> feed(std::string_view bytes);
    /// The connection closed; completes a body delimited by the close.
    [[nodiscard]] result<void> feed_eof();

    /// Whether any byte of a response has arrived.
    [[nodiscard]] bool started() const noexcept { return started_; }
    [[nodiscard]] bool done() const noexcept { return done_; }
    /// After `done()`: whether the connection may carry another request.
    [[nodiscard]] bool keep_alive() const noexcept;

    /// After `done()`: finishes the sink and hands the response over.
    [[nodiscard]] result<response> take();

private:
    result<std::size_t> feed_bytes(std::string_view bytes);
    result<void> finish_at_eof();
    result<std::size_t> parse(std::string_view bytes);
    result<void> on_header();
    result<void> on_body(std::string_view raw);
    result<void> deliver(std::string_view decoded);
    result<void> on_complete();
    void report_progress();

    bool head_request_;
    bool decompress_;
    const call_options& options_;
    std::optional<response_parser> parser_;
    response res_;
    std::unique_ptr<content_decoder> decoder_;
    std::optional<error> deferred_decoder_error_;
    std::unique_ptr<body_writer> writer_;
    std::optional<error> failure_;
    std::optional<std::uint64_t> announced_length_;
    std::uint64_t raw_received_ = 0;
    std::uint64_t delivered_ = 0;
    std::uint64_t last_reported_ = 0;
    std::size_t header_bytes_ = 0;
    int informational_ = 0;
    bool started_ = false;
    bool header_done_ = false;
    bool done_ = false;
    bool keep_alive_ = false;

    friend class response_parser;
};

}  // namespace tether::http::native
