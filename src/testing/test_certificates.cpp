#include <tether/testing/test_certificates.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace tether::testing {

namespace {

template <class T, void (*Free)(T*)>
struct deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, deleter<EVP_PKEY, EVP_PKEY_free>>;
using cert_ptr = std::unique_ptr<X509, deleter<X509, X509_free>>;
using bio_ptr = std::unique_ptr<BIO, deleter<BIO, BIO_free_all>>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("making a test certificate: ") + what + " failed");
}

key_ptr make_key() {
    // EVP_EC_gen is a macro that casts away const, which -Wcast-qual rejects.
    char curve[] = "P-256";
    key_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
    check(key != nullptr, "EVP_EC_gen");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

cert_ptr make_cert(EVP_PKEY* key, const char* common_name, X509* issuer) {
    cert_ptr cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
    serial[0] &= 0x7F;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    // Valid from an hour ago, so clock skew between processes does not matter.
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("tether tests"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    return cert;
}

std::string pem_of(X509* cert) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
    char* data = nullptr;
    auto n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string pem_of(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1, "PEM_write_bio_PrivateKey");
    char* data = nullptr;
    auto n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string pin_of(X509* cert) {
    unsigned char* der = nullptr;
    const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
    check(size > 0, "i2d_X509_PUBKEY");
    unsigned char hash[SHA256_DIGEST_LENGTH];
    SHA256(der, static_cast<std::size_t>(size), hash);
    OPENSSL_free(der);
    unsigned char text[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(text, hash, SHA256_DIGEST_LENGTH);
    return "sha256/" + std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(n));
}

cert_ptr cert_from_pem(const std::string& pem) {
    bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    cert_ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    check(cert != nullptr, "reading the issuer's certificate");
    return cert;
}

key_ptr key_from_pem(const std::string& pem) {
    bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    key_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    check(key != nullptr, "reading the issuer's key");
    return key;
}

test_certificate finish(X509* cert, EVP_PKEY* key, EVP_PKEY* signer) {
    check(X509_sign(cert, signer, EVP_sha256()) > 0, "signing a certificate");
    return {pem_of(cert), pem_of(key), pin_of(cert)};
}

std::string san_of(const std::vector<std::string>& dns_names, const std::vector<std::string>& ip_addresses) {
    std::string san;
    for (const auto& d : dns_names) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
    for (const auto& ip : ip_addresses) san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
    return san;
}

// A CA: self-signed without `issuer`, else an intermediate signed by it.
test_certificate make_ca(const char* common_name, const test_certificate* issuer) {
    auto key = make_key();
    cert_ptr issuer_cert = issuer ? cert_from_pem(issuer->cert_pem) : nullptr;
    key_ptr issuer_key = issuer ? key_from_pem(issuer->key_pem) : nullptr;
    auto cert = make_cert(key.get(), common_name, issuer_cert.get());
    X509* signer_cert = issuer ? issuer_cert.get() : cert.get();
    add_extension(cert.get(), signer_cert, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), signer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert.get(), signer_cert, NID_subject_key_identifier, "hash");
    if (issuer) add_extension(cert.get(), signer_cert, NID_authority_key_identifier, "keyid:always");
    return finish(cert.get(), key.get(), issuer ? issuer_key.get() : key.get());
}

// An end-entity certificate for `usage` ("serverAuth" or "clientAuth"),
// signed by `issuer`, or by its own key without one.
test_certificate make_end_entity(const char* common_name, const test_certificate* issuer, const char* usage,
                                 const std::string& san) {
    auto key = make_key();
    cert_ptr issuer_cert = issuer ? cert_from_pem(issuer->cert_pem) : nullptr;
    key_ptr issuer_key = issuer ? key_from_pem(issuer->key_pem) : nullptr;
    auto cert = make_cert(key.get(), common_name, issuer_cert.get());
    X509* signer_cert = issuer ? issuer_cert.get() : cert.get();
    add_extension(cert.get(), signer_cert, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), signer_cert, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_extension(cert.get(), signer_cert, NID_ext_key_usage, usage);
    if (issuer) add_extension(cert.get(), signer_cert, NID_authority_key_identifier, "keyid:always");
    if (!san.empty()) add_extension(cert.get(), signer_cert, NID_subject_alt_name, san);
    return finish(cert.get(), key.get(), issuer ? issuer_key.get() : key.get());
}

const char* server_name(const std::vector<std::string>& dns_names) {
    return dns_names.empty() ? "localhost" : dns_names.front().c_str();
}

}  // namespace

test_certificates make_test_certificates(std::vector<std::string> dns_names, std::vector<std::string> ip_addresses) {
    auto ca_key = make_key();
    auto ca = make_cert(ca_key.get(), "tether test CA", nullptr);
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "signing the CA");

    auto key = make_key();
    const char* cn = dns_names.empty() ? "localhost" : dns_names.front().c_str();
    auto cert = make_cert(key.get(), cn, ca.get());
    std::string san;
    for (const auto& d : dns_names) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
    for (const auto& ip : ip_addresses) san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
    add_extension(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), ca.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_extension(cert.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    if (!san.empty()) add_extension(cert.get(), ca.get(), NID_subject_alt_name, san);
    check(X509_sign(cert.get(), ca_key.get(), EVP_sha256()) > 0, "signing the server certificate");

    return {pem_of(ca.get()), pem_of(cert.get()), pem_of(key.get())};
}

test_certificate make_test_server_certificate(const test_certificate& issuer, std::vector<std::string> dns_names,
                                              std::vector<std::string> ip_addresses) {
    return make_end_entity(server_name(dns_names), &issuer, "serverAuth", san_of(dns_names, ip_addresses));
}

test_pki make_test_pki(std::vector<std::string> dns_names, std::vector<std::string> ip_addresses) {
    test_pki pki;
    pki.root = make_ca("tether test root", nullptr);
    pki.intermediate = make_ca("tether test intermediate", &pki.root);
    pki.leaf = make_test_server_certificate(pki.intermediate, dns_names, ip_addresses);
    pki.other_ca = make_ca("tether test other CA", nullptr);
    pki.self_signed = make_end_entity(server_name(dns_names), nullptr, "serverAuth", san_of(dns_names, ip_addresses));
    pki.client = make_end_entity("tether test client", &pki.root, "clientAuth", "");
    pki.other_client = make_end_entity("tether test stranger", &pki.other_ca, "clientAuth", "");
    return pki;
}

std::string encrypt_test_key(const std::string& key_pem, const std::string& password) {
    auto key = key_from_pem(key_pem);
    bio_ptr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PKCS8PrivateKey(bio.get(), key.get(), EVP_aes_256_cbc(), password.data(),
                                        static_cast<int>(password.size()), nullptr, nullptr) == 1,
          "PEM_write_bio_PKCS8PrivateKey");
    char* data = nullptr;
    auto n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace tether::testing
