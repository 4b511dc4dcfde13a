#include "support/support.hpp"

#include "support/servers.hpp"

#include <tether/http/client.hpp>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace tether::interop {

http::client_options bounded_options() {
    http::client_options options;
    options.total_timeout = call_limit;
    return options;
}

http::client_options nginx_options() {
    auto options = bounded_options();
    options.tls.ca_file = nginx_ca_file();
    return options;
}

std::vector<http::transport_kind> tested_transports() {
    return {http::transport_kind::curl, http::transport_kind::native};
}

std::string transport_name(const ::testing::TestParamInfo<http::transport_kind>& info) {
    switch (info.param) {
        case http::transport_kind::curl: return "curl";
        case http::transport_kind::native: return "native";
    }
    return "transport" + std::to_string(static_cast<int>(info.param));
}

http::client_options transport_test::options() const {
    auto o = bounded_options();
    o.transport = GetParam();
    o.http2 = false;
    o.proxy.from_environment = false;
    return o;
}

http::client_options transport_test::nginx_options() const {
    auto o = options();
    o.tls.ca_file = nginx_ca_file();
    return o;
}

boost::json::object transport_test::echo_of(http::request req) const {
    return interop::echo_of(std::move(req), options());
}

boost::json::object json_object(const http::response& r) {
    return r.json().value().as_object();
}

boost::json::object echo_of(http::request req) {
    return echo_of(std::move(req), bounded_options());
}

boost::json::object echo_of(http::request req, const http::client_options& options) {
    http::client client(options);
    auto r = client.execute(std::move(req));
    if (!r) {
        ADD_FAILURE() << r.error().to_string();
        return {};
    }
    return json_object(*r);
}

boost::json::object echo_headers(const boost::json::object& echo) {
    const auto* headers = echo.if_contains("headers");
    return headers && headers->is_object() ? headers->as_object() : boost::json::object{};
}

std::string string_member(const boost::json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    if (!v) return "<absent>";
    if (const auto* s = v->if_string()) return std::string(*s);
    return "<not a string>";
}

scratch_file::scratch_file(std::string_view name)
    : path_(std::filesystem::temp_directory_path() /
            ("tether-interop-" + std::to_string(::getpid()) + "-" + std::string(name))) {
    std::filesystem::remove(path_);
}

scratch_file::~scratch_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    std::filesystem::remove(path_.string() + ".part", ignored);
}

void scratch_file::write(std::string_view content) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::string scratch_file::read() const {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return {};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace tether::interop
