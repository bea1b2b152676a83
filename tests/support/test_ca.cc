// The test CA on OpenSSL's C API: keys, X.509 v3 certificates and their extensions, PEM.
#include "tests/support/test_ca.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <fstream>

namespace nagame::testing {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

Status OpenSslError(const std::string& step) { return Internal("OpenSSL: " + step + " failed"); }

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

Result<std::string> KeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return OpenSslError("PEM_write_bio_PrivateKey");
  }
  return BioText(bio.get());
}

Result<std::string> CertPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return OpenSslError("PEM_write_bio_X509");
  return BioText(bio.get());
}

Result<KeyPtr> ReadKey(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  KeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) return OpenSslError("PEM_read_bio_PrivateKey");
  return key;
}

Result<CertPtr> ReadCert(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  CertPtr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) return OpenSslError("PEM_read_bio_X509");
  return cert;
}

Result<KeyPtr> NewKey() {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return OpenSslError("EVP_EC_gen");
  return key;
}

Status AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) return OpenSslError(std::string("extension ") + OBJ_nid2sn(nid) + "=" + value);
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1 ? Status::Ok() : OpenSslError("X509_add_ext");
}

// A certificate for `subject_key` named `common_name`, with its validity, serial and issuer
// name set; extensions and the signature are the caller's.
Result<CertPtr> NewCert(EVP_PKEY* subject_key, const std::string& common_name,
                        X509* issuer /* null: self-issued */) {
  static std::atomic<long> serial{1000};
  CertPtr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), 2) != 1 ||
      ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++) != 1 ||
      !X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60) ||
      !X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400) ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return OpenSslError("X509 setup");
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                                 -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name) != 1) {
    return OpenSslError("X509 names");
  }
  return cert;
}

bool IsIpLiteral(const std::string& text) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(text, ec);
  return !ec;
}

}  // namespace

Result<TestCa> TestCa::Create(const std::string& name) {
  NAGAME_ASSIGN_OR_RETURN(KeyPtr key, NewKey());
  NAGAME_ASSIGN_OR_RETURN(CertPtr cert, NewCert(key.get(), name, nullptr));
  NAGAME_RETURN_IF_ERROR(
      AddExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE"));
  NAGAME_RETURN_IF_ERROR(
      AddExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign"));
  NAGAME_RETURN_IF_ERROR(AddExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash"));
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return OpenSslError("X509_sign");
  TestCa ca;
  NAGAME_ASSIGN_OR_RETURN(ca.identity_.cert_pem, CertPem(cert.get()));
  NAGAME_ASSIGN_OR_RETURN(ca.identity_.key_pem, KeyPem(key.get()));
  return ca;
}

Result<TlsIdentity> TestCa::Issue(const std::vector<std::string>& names) const {
  if (names.empty()) return InvalidArgument("a certificate needs at least one name");
  NAGAME_ASSIGN_OR_RETURN(KeyPtr ca_key, ReadKey(identity_.key_pem));
  NAGAME_ASSIGN_OR_RETURN(CertPtr ca_cert, ReadCert(identity_.cert_pem));
  NAGAME_ASSIGN_OR_RETURN(KeyPtr key, NewKey());
  NAGAME_ASSIGN_OR_RETURN(CertPtr cert, NewCert(key.get(), names.front(), ca_cert.get()));
  std::string alt_names;
  for (const std::string& n : names) {
    alt_names += (alt_names.empty() ? "" : ",") + std::string(IsIpLiteral(n) ? "IP:" : "DNS:") + n;
  }
  X509* c = cert.get();
  NAGAME_RETURN_IF_ERROR(AddExtension(c, ca_cert.get(), NID_basic_constraints, "CA:FALSE"));
  NAGAME_RETURN_IF_ERROR(
      AddExtension(c, ca_cert.get(), NID_key_usage, "critical,digitalSignature"));
  NAGAME_RETURN_IF_ERROR(AddExtension(c, ca_cert.get(), NID_ext_key_usage, "serverAuth"));
  NAGAME_RETURN_IF_ERROR(AddExtension(c, ca_cert.get(), NID_subject_alt_name, alt_names));
  NAGAME_RETURN_IF_ERROR(AddExtension(c, ca_cert.get(), NID_authority_key_identifier, "keyid"));
  if (X509_sign(c, ca_key.get(), EVP_sha256()) == 0) return OpenSslError("X509_sign");
  TlsIdentity out;
  NAGAME_ASSIGN_OR_RETURN(out.cert_pem, CertPem(c));
  NAGAME_ASSIGN_OR_RETURN(out.key_pem, KeyPem(key.get()));
  return out;
}

Status TestCa::WriteCertFile(const std::filesystem::path& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << identity_.cert_pem;
  out.close();
  if (!out) return Unavailable("cannot write " + path.string());
  return Status::Ok();
}

}  // namespace nagame::testing
