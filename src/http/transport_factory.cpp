#include "client_state.hpp"

#include "curl/curl_transport.hpp"
#include "native/native_transport.hpp"

#include <stdexcept>

namespace tether::http::detail {

std::shared_ptr<transport> make_transport(boost::asio::any_io_executor executor, const client_options& options) {
    switch (options.transport) {
        case transport_kind::curl:
            return std::make_shared<curl::curl_transport>(std::move(executor), options);
        case transport_kind::native:
            return std::make_shared<native::native_transport>(std::move(executor), options);
    }
    throw std::invalid_argument("client_options::transport names a transport this build does not have");
}

}  // namespace tether::http::detail
