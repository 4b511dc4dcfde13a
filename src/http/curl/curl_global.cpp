#include "curl_global.hpp"

#include <curl/curl.h>

#include <stdexcept>

namespace tether::http::curl {

void ensure_curl_initialized() {
    // A function-local static is initialized once even when several threads
    // make their first client at the same moment.
    static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) throw std::runtime_error(std::string("curl_global_init failed: ") + curl_easy_strerror(rc));
}

}  // namespace tether::http::curl
