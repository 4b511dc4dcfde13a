#include "trust.hpp"

namespace tether::tls {

result<void> load_trust(boost::asio::ssl::context& ctx, const tls_options& tls) {
    boost::system::error_code ec;
    if (!tls.ca_pem.empty()) {
        ctx.add_certificate_authority(boost::asio::buffer(tls.ca_pem), ec);
        if (ec) {
            return error(errc::tls_failed,
                         "tls_options::ca_pem could not be loaded (" + ec.message() + "); give PEM certificates");
        }
    } else if (!tls.ca_file.empty()) {
        ctx.load_verify_file(tls.ca_file.string(), ec);
        if (ec) {
            return error(errc::tls_failed, "the CA bundle '" + tls.ca_file.string() + "' could not be loaded (" +
                                               ec.message() + "); check tls_options::ca_file");
        }
    } else {
        ctx.set_default_verify_paths(ec);
        if (ec) {
            return error(errc::tls_failed, "the system's trusted certificates could not be loaded (" + ec.message() +
                                               "); set tls_options::ca_file");
        }
    }
    return {};
}

}  // namespace tether::tls
