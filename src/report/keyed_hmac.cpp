#include "report/keyed_hmac.hpp"

#include <nettle/hmac.h>

namespace iotscope {

// nettle keeps the key's inner and outer states in the context; a message starts from a copy of
// it: plain structs, no allocation, where OpenSSL's EVP_MAC needed a context duplicated
// (allocated) for every message.
KeyedHmac::KeyedHmac(std::string_view key) : context_(std::make_unique<hmac_sha256_ctx>()) {
  hmac_sha256_set_key(context_.get(), key.size(),
                      reinterpret_cast<const std::uint8_t*>(key.data()));
}

KeyedHmac::~KeyedHmac() = default;

Sha256Digest KeyedHmac::digest(std::string_view data) const {
  hmac_sha256_ctx message = *context_;
  hmac_sha256_update(&message, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  Sha256Digest digest{};
  hmac_sha256_digest(&message, digest.size(), digest.data());
  return digest;
}

}  // namespace iotscope
