#include "support/servers.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tether::interop {

namespace {

const std::filesystem::path fixture_dir = TETHER_INTEROP_DIR;

// A test binary started by hand has no servers: say how to run it instead of
// failing with "connection refused" in every test.
std::string read_fixture_file(const std::string& name) {
    const auto path = fixture_dir / name;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error(path.string() + " is missing: the interop tests talk to servers that their ctest "
                                 "fixtures start; run them with `ctest -L interop` (or -R <test>), not the binary "
                                 "alone");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string port_of(const std::string& server) {
    auto text = read_fixture_file(server + ".port");
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

}  // namespace

std::string httpbin_url(std::string_view path) {
    return "http://127.0.0.1:" + port_of("httpbin") + std::string(path);
}

std::string httpbin_url_via_localhost(std::string_view path) {
    return "http://localhost:" + port_of("httpbin") + std::string(path);
}

std::string nginx_https_url(std::string_view path) {
    return "https://127.0.0.1:" + port_of("nginx") + std::string(path);
}

std::string nginx_https_url_via_localhost(std::string_view path) {
    return "https://localhost:" + port_of("nginx") + std::string(path);
}

std::string nginx_http_url(std::string_view path) {
    return "http://127.0.0.1:" + port_of("nginx_http") + std::string(path);
}

std::filesystem::path nginx_ca_file() {
    auto path = fixture_dir / "ca.pem";
    if (!std::filesystem::exists(path)) (void)read_fixture_file("ca.pem");  // throws the explanation
    return path;
}

std::string nginx_ca_pem() {
    return read_fixture_file("ca.pem");
}

}  // namespace tether::interop
