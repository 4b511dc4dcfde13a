#include "client_identity.hpp"

#include "certificate_text.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tether::tls {

namespace {

constexpr std::string_view option = "tls_options::client_certificate";

[[noreturn]] void refuse(const std::string& what) {
    // What OpenSSL queued must not linger into the next handshake on this thread.
    ERR_clear_error();
    throw std::invalid_argument(std::string(option) + ": " + what);
}

std::string openssl_reason() {
    const unsigned long code = ERR_peek_last_error();
    if (code == 0) return "unknown reason";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

// The PEM text of one role: the text if given, else the file's content.
std::string pem_of(const std::string& text, const std::filesystem::path& file, std::string_view role) {
    if (!text.empty()) return text;
    if (file.empty()) {
        refuse("no " + std::string(role) + ": set " + std::string(role) + "_pem or " + std::string(role) + "_file");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        refuse("could not read " + std::string(role) + "_file '" + file.string() + "' (" + std::strerror(errno) + ")");
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

using bio_ptr = std::unique_ptr<BIO, decltype(&BIO_free)>;

bio_ptr bio_of(const std::string& pem) {
    bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    if (!bio) refuse("out of memory");
    return bio;
}

// Never lets OpenSSL prompt on the terminal for a password.
int give_password(char* buffer, int size, int, void* user) {
    const auto& password = *static_cast<const std::string*>(user);
    if (password.empty() || password.size() > static_cast<std::size_t>(size)) return 0;
    std::memcpy(buffer, password.data(), password.size());
    return static_cast<int>(password.size());
}

}  // namespace

client_identity::client_identity(const client_certificate& source) {
    const auto cert_pem = pem_of(source.cert_pem, source.cert_file, "cert");
    const auto key_pem = pem_of(source.key_pem, source.key_file, "key");

    auto certs = bio_of(cert_pem);
    cert_.reset(PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr));
    if (!cert_) {
        refuse("the certificate is not PEM (" + openssl_reason() + "); expected \"-----BEGIN CERTIFICATE-----\"");
    }
    while (X509* more = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr)) chain_.emplace_back(more);
    ERR_clear_error();  // the end of the PEM text is reported as an error

    auto key = bio_of(key_pem);
    auto password = source.key_password;
    key_.reset(PEM_read_bio_PrivateKey(key.get(), nullptr, &give_password, &password));
    if (!key_) {
        refuse("the private key could not be read (" + openssl_reason() + ")" +
               (source.key_password.empty() ? "; if it is encrypted, set key_password"
                                            : "; check key_password"));
    }
    if (X509_check_private_key(cert_.get(), key_.get()) != 1) {
        refuse("the private key does not belong to the certificate (" + short_subject(cert_.get()) +
               "); give the key the certificate was issued for");
    }
}

bool client_identity::apply(SSL_CTX* ctx) const noexcept {
    if (SSL_CTX_use_certificate(ctx, cert_.get()) != 1) return false;
    for (const auto& c : chain_) {
        if (SSL_CTX_add1_chain_cert(ctx, c.get()) != 1) return false;
    }
    return SSL_CTX_use_PrivateKey(ctx, key_.get()) == 1;
}

}  // namespace tether::tls
