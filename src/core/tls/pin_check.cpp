#include "pin_check.hpp"

#include "certificate_text.hpp"

#include <openssl/x509_vfy.h>

#include <algorithm>

namespace tether::tls {

namespace {

using held_check = std::shared_ptr<pin_check>;

void free_check(void*, void* data, CRYPTO_EX_DATA*, int, long, void*) {
    delete static_cast<held_check*>(data);
}

int ssl_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, &free_check);
    return index;
}

int ctx_index() {
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, &free_check);
    return index;
}

pin_check* check_of(SSL* ssl) {
    if (!ssl) return nullptr;
    if (auto* held = static_cast<held_check*>(SSL_get_ex_data(ssl, ssl_index()))) return held->get();
    if (auto* held = static_cast<held_check*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_index()))) {
        return held->get();
    }
    return nullptr;
}

// Installed with SSL_CTX_set_cert_verify_callback: OpenSSL calls it instead
// of X509_verify_cert for the server's chain.
int verify_chain_then_pins(X509_STORE_CTX* store, void*) noexcept {
    const int verified = X509_verify_cert(store);
    if (verified <= 0) return verified;
    auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    auto* check = check_of(ssl);
    if (!check) return verified;
    try {
        if (check->accepts(X509_STORE_CTX_get0_chain(store))) return verified;
    } catch (...) {
        // Out of memory while comparing: the connection fails, closed.
    }
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
    return 0;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

}  // namespace

pin_check::pin_check(std::string host, std::vector<spki_hash> expected)
    : host_(std::move(host)), expected_(std::move(expected)) {}

bool pin_check::accepts(STACK_OF(X509) * verified_chain) {
    std::vector<std::string> seen;
    const int n = verified_chain ? sk_X509_num(verified_chain) : 0;
    for (int i = 0; i < n; ++i) {
        X509* cert = sk_X509_value(verified_chain, i);
        const auto hash = spki_hash_of(cert);
        if (!hash) {
            seen.push_back("(a key OpenSSL could not encode) (" + short_subject(cert) + ")");
            continue;
        }
        if (std::find(expected_.begin(), expected_.end(), *hash) != expected_.end()) return true;
        seen.push_back(pin_text(*hash) + " (" + short_subject(cert) + ")");
    }
    std::vector<std::string> wanted;
    for (const auto& h : expected_) wanted.push_back(pin_text(h));
    failure_ = "certificate pinning failed for " + host_ + ": expected one of " + joined(wanted) +
               "; the server's verified chain has " + (seen.empty() ? std::string("no certificates") : joined(seen)) +
               "; update tls_options::pins if the server rotated its keys (if it did not, the connection may be "
               "intercepted)";
    return false;
}

void verify_pins_on(SSL_CTX* ctx) noexcept {
    SSL_CTX_set_cert_verify_callback(ctx, &verify_chain_then_pins, nullptr);
}

bool attach(SSL* ssl, std::shared_ptr<pin_check> check) noexcept {
    auto* held = new (std::nothrow) held_check(std::move(check));
    if (!held) return false;
    if (SSL_set_ex_data(ssl, ssl_index(), held) != 1) {
        delete held;
        return false;
    }
    return true;
}

bool attach(SSL_CTX* ctx, std::shared_ptr<pin_check> check) noexcept {
    auto* held = new (std::nothrow) held_check(std::move(check));
    if (!held) return false;
    if (SSL_CTX_set_ex_data(ctx, ctx_index(), held) != 1) {
        delete held;
        return false;
    }
    return true;
}

}  // namespace tether::tls
