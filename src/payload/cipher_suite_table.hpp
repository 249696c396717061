#pragma once
// The raw cipher suite registry; cipher_suites.hpp is the interface to use.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace iotscope {

struct CipherSuiteEntry {
  std::uint16_t code = 0;
  std::string_view name;
};

inline constexpr std::size_t kCipherSuiteCount = 387;

// Sorted by code, so lookups can binary-search.
extern const std::array<CipherSuiteEntry, kCipherSuiteCount> kCipherSuiteTable;

}  // namespace iotscope
