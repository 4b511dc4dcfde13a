#pragma once
// Beast's HTTP/1.1 parser without Beast's message: the status line, the
// fields and the body's bytes go straight into a response_reader as they
// are parsed (one copy, no intermediate field list).

#include <boost/beast/http/basic_parser.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tether::http::native {

class response_reader;

class response_parser final : public boost::beast::http::basic_parser<false> {
public:
    explicit response_parser(response_reader& owner) : owner_(owner) {}

    int status = 0;
    unsigned version = 0;

private:
    using error_code = boost::system::error_code;
    using string_view = boost::beast::string_view;

    void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code& ec) override;
    void on_response_impl(int code, string_view reason, int version, error_code&) override;
    void on_field_impl(boost::beast::http::field, string_view name, string_view value, error_code&) override;
    void on_header_impl(error_code&) override;
    void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override;
    std::size_t on_body_impl(string_view body, error_code& ec) override;
    void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override;
    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) override;
    void on_finish_impl(error_code&) override;

    std::size_t deliver(std::string_view bytes, error_code& ec);

    response_reader& owner_;
};

}  // namespace tether::http::native
