#include "support.hpp"

#include <fstream>
#include <sstream>

namespace tether::test {

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

unanswered_listener::unanswered_listener() : acceptor_(io_), filler_(io_) {
    const boost::asio::ip::tcp::endpoint loopback(boost::asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(loopback.protocol());
    acceptor_.bind(loopback);
    acceptor_.listen(0);
    filler_.connect(acceptor_.local_endpoint());  // completes in the kernel; nobody accepts it
}

void temp_file::write(std::string_view content) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::string temp_file::read() const {
    std::ifstream in(path_, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string patterned_bytes(std::size_t n) {
    std::string out(n, '\0');
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>('a' + (i * 7 + i / 26) % 26);
    return out;
}

}  // namespace tether::test
