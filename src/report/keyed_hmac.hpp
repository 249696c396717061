#pragma once
// HMAC-SHA256 under one fixed key, for callers that hash many short messages with it (the
// prefix-preserving address mapping hashes one message per address bit). The key's inner and
// outer blocks are hashed once at construction; each message then costs a copy of that state and
// the message's own blocks, where the one-shot HMAC() set the key up again for every message.
#include <string_view>

#include "report/anonymizer.hpp"

struct evp_mac_ctx_st;

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
  evp_mac_ctx_st* keyed_;  // initialised with the key; copied for each message
};

}  // namespace iotscope
