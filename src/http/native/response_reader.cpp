#include "response_reader.hpp"

#include "../../core/ascii.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/basic_parser.hpp>

#include <charconv>
#include <limits>
#include <string>

namespace tether::http::native {

namespace beast_http = boost::beast::http;
using boost::system::error_code;

void response_parser::on_request_impl(beast_http::verb, boost::beast::string_view, boost::beast::string_view, int,
                                      error_code& ec) {
    ec = beast_http::error::bad_version;
}

void response_parser::on_response_impl(int code, boost::beast::string_view reason, int v, error_code&) {
    status = code;
    version = static_cast<unsigned>(v);
    owner_.res_.reason(std::string(reason));
}

void response_parser::on_field_impl(beast_http::field, boost::beast::string_view name, boost::beast::string_view value,
                                    error_code&) {
    // After the header, these are the trailer fields of a chunked body
    // (RFC 9112 §7.1.2); they join the header's.
    owner_.res_.headers().add(std::string(name), std::string(value));
}

void response_parser::on_header_impl(error_code&) {}

void response_parser::on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) {}

std::size_t response_parser::on_body_impl(boost::beast::string_view body, error_code& ec) {
    return deliver(std::string_view(body.data(), body.size()), ec);
}

void response_parser::on_chunk_header_impl(std::uint64_t, boost::beast::string_view, error_code&) {}

std::size_t response_parser::on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, error_code& ec) {
    return deliver(std::string_view(body.data(), body.size()), ec);
}

void response_parser::on_finish_impl(error_code&) {}

std::size_t response_parser::deliver(std::string_view bytes, error_code& ec) {
    auto r = owner_.on_body(bytes);
    if (!r) {
        owner_.failure_.emplace(std::move(r).error());
        ec = boost::asio::error::operation_aborted;
        return 0;
    }
    return bytes.size();
}

namespace {

// More than a server has reason to send (100 Continue, 103 Early Hints).
constexpr int max_informational = 16;

http_version version_of(unsigned v) noexcept {
    switch (v) {
        case 10: return http_version::http1_0;
        case 11: return http_version::http1_1;
        default: return http_version::unknown;
    }
}

void prepare(response_parser& p, bool head_request) {
    p.header_limit(static_cast<std::uint32_t>(max_header_bytes));
    p.body_limit(std::numeric_limits<std::uint64_t>::max());
    if (head_request) p.skip(true);
}

error parse_error(const error_code& ec) {
    if (ec == beast_http::error::header_limit) {
        return error(errc::protocol_violation, "the response headers are larger than the " +
                                                   std::to_string(max_header_bytes / 1024) +
                                                   " KiB tether accepts; the server's answer is not usable");
    }
    return error(errc::protocol_violation,
                 "the server's response is not valid HTTP (" + ec.message() + "); check that the URL points at an HTTP server");
}

error too_large(std::uint64_t limit) {
    return error(errc::body_too_large, "the response body exceeds max_body_size (" + std::to_string(limit) +
                                           " bytes); raise max_body_size or stream the body to a sink");
}

}  // namespace

response_reader::response_reader(bool head_request, bool decompress, const call_options& options)
    : head_request_(head_request),
      decompress_(decompress),
      options_(options) {
    parser_.emplace(*this);
    prepare(*parser_, head_request);
    // Servers send about ten fields; one allocation for the list, not four.
    res_.headers().reserve(16);
}

response_reader::~response_reader() = default;

bool response_reader::keep_alive() const noexcept {
    return done_ && keep_alive_;
}

result<std::size_t> response_reader::feed(std::string_view bytes) {
    if (failure_) return *failure_;
    try {
        return feed_bytes(bytes);
    } catch (const std::exception& e) {
        failure_.emplace(errc::internal_error, std::string("while reading the response: ") + e.what());
        return *failure_;
    }
}

result<std::size_t> response_reader::feed_bytes(std::string_view bytes) {
    std::size_t used = 0;
    while (used < bytes.size() && !done_) {
        auto n = parse(bytes.substr(used));
        if (!n) {
            failure_.emplace(n.error());
            return std::move(n).error();
        }
        if (*n == 0) break;  // needs more bytes
        used += *n;
    }
    if (!failure_ && header_done_) report_progress();
    if (failure_) return *failure_;
    return used;
}

result<std::size_t> response_reader::parse(std::string_view bytes) {
    started_ = started_ || !bytes.empty();
    if (!header_done_) {
        // Beast's limit holds for one put() only, and it keeps the lines it
        // has parsed: the whole section is counted here.
        if (header_bytes_ >= max_header_bytes) return parse_error(beast_http::error::header_limit);
        parser_->header_limit(static_cast<std::uint32_t>(max_header_bytes - header_bytes_));
    }
    error_code ec;
    const auto n = parser_->put(boost::asio::const_buffer(bytes.data(), bytes.size()), ec);
    if (failure_) return *failure_;
    if (!header_done_) header_bytes_ += n;
    if (ec == beast_http::error::need_more) return n;
    if (ec) return parse_error(ec);
    if (!header_done_ && parser_->is_header_done()) {
        const auto status = parser_->status;
        if (status < 100) {
            return error(errc::protocol_violation, "the server answered with status " + std::to_string(status) +
                                                       ", which is not an HTTP status (100 to 999)");
        }
        if (status >= 100 && status < 200 && status != 101) {
            // Informational responses come before the final one and are
            // forgotten (RFC 9110 §15.2); the next one is parsed afresh.
            if (++informational_ > max_informational) {
                return error(errc::protocol_violation, "the server sent more than " +
                                                           std::to_string(max_informational) +
                                                           " informational (1xx) responses and no final one");
            }
            if (parser_->is_done()) {
                parser_.reset();
                parser_.emplace(*this);
                prepare(*parser_, head_request_);
                header_bytes_ = 0;
            }
            res_.headers().clear();
            return n;
        }
        if (auto r = on_header(); !r) return std::move(r).error();
        // Everything after the header in one go: the body's bytes go
        // through body_delivery as they are parsed.
        parser_->eager(true);
    }
    if (parser_->is_done()) {
        if (auto r = on_complete(); !r) return std::move(r).error();
    }
    return n;
}

result<void> response_reader::feed_eof() {
    if (failure_) return *failure_;
    try {
        auto r = finish_at_eof();
        if (!r) failure_.emplace(r.error());
        return r;
    } catch (const std::exception& e) {
        failure_.emplace(errc::internal_error, std::string("while reading the response: ") + e.what());
        return *failure_;
    }
}

result<void> response_reader::finish_at_eof() {
    if (done_) return {};
    if (!started_) {
        return error(errc::connection_reset,
                     "the server closed the connection without answering; trying again may help");
    }
    if (!parser_->got_some()) {
        // Only informational (1xx) responses came, and no final one.
        return error(errc::connection_reset,
                     "the connection closed before the final response began; trying again may help");
    }
    error_code ec;
    parser_->put_eof(ec);
    if (failure_) return *failure_;
    if (ec == beast_http::error::partial_message || !parser_->is_header_done()) {
        if (!header_done_) {
            return error(errc::connection_reset,
                         "the connection closed before the response headers were complete; trying again may help");
        }
        return error(errc::connection_reset, "the connection closed after " + std::to_string(raw_received_) +
                                                 " bytes of the response body, before its end; trying again may help");
    }
    if (ec) return parse_error(ec);
    if (!header_done_) {
        if (auto r = on_header(); !r) return r;
    }
    report_progress();
    return on_complete();
}

result<void> response_reader::on_header() {
    header_done_ = true;
    if (parser_->status < 100) {
        return error(errc::protocol_violation, "the server's response has no valid status line");
    }
    res_.status(parser_->status);
    res_.version(version_of(parser_->version));
    auto& fields = res_.headers();
    if (auto length = parser_->content_length()) announced_length_ = *length;
    if (options_.max_body_size && announced_length_ && *announced_length_ > *options_.max_body_size) {
        return error(errc::body_too_large, "the response announces " + std::to_string(*announced_length_) +
                                               " bytes, over max_body_size (" +
                                               std::to_string(*options_.max_body_size) +
                                               "); raise max_body_size or stream the body to a sink");
    }
    if (decompress_ && !head_request_) {
        if (auto coding = fields.get("Content-Encoding"); coding && !tether::detail::iequals(*coding, "identity")) {
            auto decoder = make_content_decoder(*coding);
            if (decoder) {
                decoder_ = std::move(*decoder);
                // The body will arrive decoded: headers that describe the
                // encoded form would now lie about it.
                if (decoder_) {
                    fields.remove("Content-Encoding");
                    fields.remove("Content-Length");
                }
            } else {
                // Only a body that actually arrives is undecodable.
                deferred_decoder_error_.emplace(std::move(decoder).error());
            }
        }
    }
    if (options_.sink) {
        auto writer = options_.sink->open(res_.status(), res_.headers());
        if (!writer) return std::move(writer).error();
        writer_ = std::move(*writer);
    }
    return {};
}

result<void> response_reader::on_body(std::string_view raw) {
    if (raw.empty()) return {};
    raw_received_ += raw.size();
    if (deferred_decoder_error_) return *deferred_decoder_error_;
    if (!decoder_) return deliver(raw);
    return decoder_->decode(raw, [this](std::string_view decoded) { return deliver(decoded); });
}

result<void> response_reader::deliver(std::string_view decoded) {
    if (decoded.empty()) return {};
    delivered_ += decoded.size();
    if (options_.max_body_size && delivered_ > *options_.max_body_size) return too_large(*options_.max_body_size);
    if (writer_) return writer_->write(decoded);
    res_.body().append(decoded);
    return {};
}

result<void> response_reader::on_complete() {
    if (decoder_) {
        auto finished = decoder_->finish([this](std::string_view decoded) { return deliver(decoded); });
        if (!finished) return finished;
    }
    keep_alive_ = parser_->keep_alive() && !parser_->upgrade();
    done_ = true;
    return {};
}

void response_reader::report_progress() {
    const auto& cb = options_.on_download_progress;
    if (!cb || raw_received_ == last_reported_) return;
    last_reported_ = raw_received_;
    progress p{raw_received_, announced_length_};
    cb(p);
}

result<response> response_reader::take() {
    if (failure_) return *failure_;
    if (writer_) {
        result<void> finished;
        try {
            finished = writer_->finish();
        } catch (const std::exception& e) {
            finished = error(errc::internal_error, std::string("the response sink threw: ") + e.what());
        }
        writer_.reset();
        if (!finished) return std::move(finished).error();
    }
    return std::move(res_);
}

}  // namespace tether::http::native
