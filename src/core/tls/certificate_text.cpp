#include "certificate_text.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>

#include <cstdio>
#include <ctime>
#include <memory>

namespace tether::tls {

std::string name_text(const X509_NAME* name) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio) return {};
    // XN_FLAG_ONELINE without the spaces around '=': "CN=a, O=b".
    constexpr unsigned long flags = XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ;
    if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) return {};
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

std::string short_subject(X509* cert) {
    const X509_NAME* subject = X509_get_subject_name(cert);
    const int at = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (at >= 0) {
        const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, at));
        unsigned char* utf8 = nullptr;
        const int n = ASN1_STRING_to_UTF8(&utf8, value);
        if (n >= 0) {
            std::string cn(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n));
            OPENSSL_free(utf8);
            return "CN=" + cn;
        }
    }
    return name_text(subject);
}

std::string not_after_text(X509* cert) {
    std::tm t{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &t) != 1) return "unknown";
    char text[80];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d UTC", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                  t.tm_hour, t.tm_min, t.tm_sec);
    return text;
}

}  // namespace tether::tls
