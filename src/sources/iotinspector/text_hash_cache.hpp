#pragma once
// hash_text with a memory of the last text: exports list a home's (and often a device's) rows
// together, so consecutive rows repeat the same ids and a short compare replaces the hash.
#include <cstdint>
#include <string>
#include <string_view>

#include "util/hash.hpp"

namespace iotscope {

class TextHashCache {
 public:
  std::uint64_t operator()(std::string_view text) {
    if (valid_ && text == last_) return hash_;
    last_.assign(text);  // a copy: the text may live in a buffer the next row reuses
    hash_ = hash_text(text);
    valid_ = true;
    return hash_;
  }

 private:
  std::string last_;
  std::uint64_t hash_ = 0;
  bool valid_ = false;
};

}  // namespace iotscope
