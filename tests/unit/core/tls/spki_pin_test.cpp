#include "core/tls/spki_pin.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace {

using tether::tls::pin_text;
using tether::tls::spki_hash_of;

struct key_free {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct cert_free {
    void operator()(X509* p) const noexcept { X509_free(p); }
};

std::unique_ptr<EVP_PKEY, key_free> make_key(const char* type) {
    if (std::string(type) == "RSA") {
        return std::unique_ptr<EVP_PKEY, key_free>(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{1024}));
    }
    // EVP_EC_gen is a macro that casts away const, which -Wcast-qual rejects.
    char curve[] = "P-256";
    return std::unique_ptr<EVP_PKEY, key_free>(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}

// The pin as RFC 7469 §2.4 defines it, computed from the key rather than the
// certificate: base64(SHA-256(DER SubjectPublicKeyInfo)).
std::string expected_pin(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    const int size = i2d_PUBKEY(key, &der);
    unsigned char digest[32];
    unsigned int digest_size = 0;
    EVP_Digest(der, static_cast<std::size_t>(size), digest, &digest_size, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    unsigned char text[64];
    const int n = EVP_EncodeBlock(text, digest, static_cast<int>(digest_size));
    return "sha256/" + std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(n));
}

TEST(spki_pin, the_pin_of_a_certificate_is_the_base64_sha256_of_its_subject_public_key_info) {
    for (const char* type : {"EC", "RSA"}) {
        SCOPED_TRACE(type);
        auto key = make_key(type);
        ASSERT_TRUE(key);
        std::unique_ptr<X509, cert_free> cert(X509_new());
        X509_set_pubkey(cert.get(), key.get());
        X509_sign(cert.get(), key.get(), EVP_sha256());
        auto hash = spki_hash_of(cert.get());
        ASSERT_TRUE(hash);
        EXPECT_EQ(pin_text(*hash), expected_pin(key.get()));
    }
}

}  // namespace
