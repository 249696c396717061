#pragma once
// HMAC-SHA256 under one fixed key, for callers that hash many short messages with it (the
// prefix-preserving address mapping hashes one message per address bit). The key's inner and
// outer blocks are hashed once at construction; each message then costs its own blocks and the
// outer block, where the one-shot HMAC() set the key up again for every message. Thread-safe:
// each digest starts from a copy of the keyed context (a few hundred bytes of plain structs).
#include <memory>
#include <string_view>

#include "report/anonymizer.hpp"

struct hmac_sha256_ctx;

namespace iotscope {

class KeyedHmac {
 public:
  explicit KeyedHmac(std::string_view key);
  ~KeyedHmac();
  KeyedHmac(const KeyedHmac&) = delete;
  KeyedHmac& operator=(const KeyedHmac&) = delete;

  // Equal to hmac_sha256(key, data).
  Sha256Digest digest(std::string_view data) const;

 private:
  std::unique_ptr<hmac_sha256_ctx> context_;  // nettle's, keyed
};

}  // namespace iotscope
