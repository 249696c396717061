#include "report/keyed_hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace iotscope {
namespace {

struct MacFree {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacContextFree {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};

}  // namespace

KeyedHmac::KeyedHmac(std::string_view key) {
  const std::unique_ptr<EVP_MAC, MacFree> hmac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!hmac) throw std::runtime_error("HMAC is not available in OpenSSL");
  std::unique_ptr<EVP_MAC_CTX, MacContextFree> context(EVP_MAC_CTX_new(hmac.get()));
  std::array<char, 7> digest_name{"SHA256"};
  const std::array<OSSL_PARAM, 2> params{
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name.data(), 0),
      OSSL_PARAM_construct_end()};
  if (!context || EVP_MAC_init(context.get(), reinterpret_cast<const unsigned char*>(key.data()),
                               key.size(), params.data()) != 1) {
    throw std::runtime_error("HMAC-SHA256 key set-up failed in OpenSSL");
  }
  keyed_ = context.release();
}

KeyedHmac::~KeyedHmac() {
  EVP_MAC_CTX_free(keyed_);
}

Sha256Digest KeyedHmac::digest(std::string_view data) const {
  const std::unique_ptr<EVP_MAC_CTX, MacContextFree> context(EVP_MAC_CTX_dup(keyed_));
  Sha256Digest digest{};
  std::size_t length = 0;
  if (!context ||
      EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1 ||
      EVP_MAC_final(context.get(), digest.data(), &length, digest.size()) != 1 ||
      length != digest.size()) {
    throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  }
  return digest;
}

}  // namespace iotscope
