#pragma once

namespace tether::http::curl {

// curl_global_init, once per process, before the first handle is made.
void ensure_curl_initialized();

}  // namespace tether::http::curl
