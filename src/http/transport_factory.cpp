#include "client_state.hpp"

#include "curl/curl_transport.hpp"

namespace tether::http::detail {

std::shared_ptr<transport> make_transport(boost::asio::any_io_executor executor, const client_options& options) {
    switch (options.transport) {
        case transport_kind::curl:
            break;
    }
    return std::make_shared<curl::curl_transport>(std::move(executor), options);
}

}  // namespace tether::http::detail
