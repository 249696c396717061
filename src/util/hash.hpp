#pragma once
// A stable 64-bit hash for identifiers (FNV-1a with a final avalanche): the same text hashes the
// same on every machine and run, so keys agree across files, threads and engines.
#include <cstdint>
#include <string_view>

namespace iotscope {

constexpr std::uint64_t mix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return h;
}

constexpr std::uint64_t hash_text(std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const char c : text) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001B3ULL;
  }
  return mix64(h);
}

}  // namespace iotscope
