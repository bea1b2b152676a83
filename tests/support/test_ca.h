// A throwaway certificate authority made at test time (OpenSSL, EC P-256 keys): a CA
// certificate to trust, and server certificates it signs for chosen names.
//
// Example:
//   auto ca = nagame::testing::TestCa::Create();
//   ASSERT_TRUE(ca.ok()) << ca.status().ToString();
//   auto leaf = ca->Issue({"localhost", "127.0.0.1"});
//   // leaf->cert_pem and leaf->key_pem go into the server's ssl::context;
//   // ca->cert_pem() (or WriteCertFile) is what the client trusts.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "rules/status.h"

namespace nagame::testing {

// A certificate and its private key, both PEM.
struct TlsIdentity {
  std::string cert_pem;
  std::string key_pem;
};

// Copyable (shares the key and certificate); immutable once created, so thread-safe.
class TestCa {
 public:
  // Generates a key and a self-signed CA certificate with common name `name`, valid from a
  // minute ago for one day. Errors: kInternal naming the OpenSSL step that failed.
  static Result<TestCa> Create(const std::string& name = "Nagame Test CA");

  // A server certificate signed by this CA whose subjectAltName lists `names`, each an IP
  // address literal (IP entry) or a DNS name (DNS entry); extendedKeyUsage serverAuth.
  // Errors: kInvalidArgument for no names; kInternal naming the OpenSSL step that failed.
  Result<TlsIdentity> Issue(const std::vector<std::string>& names) const;

  const std::string& cert_pem() const { return identity_.cert_pem; }

  // Writes cert_pem() to `path`. Errors: kUnavailable when the file cannot be written.
  Status WriteCertFile(const std::filesystem::path& path) const;

 private:
  TestCa() = default;

  TlsIdentity identity_;
};

}  // namespace nagame::testing
