#pragma once
// The addresses the user allowed `iotscope probe` to touch. Every scanner checks each address
// against this set before it sends anything, so a bug elsewhere cannot aim a probe outside it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/ip_address.hpp"

namespace iotscope {

class TargetSet {
 public:
  // Larger sets are refused: a home network is at most a /16, and a typo such as fd00::/64
  // must not start a scan that never ends.
  static constexpr std::size_t kMaxAddresses = 65'536;

  // `spec`: comma-separated addresses, CIDRs (192.168.1.0/24, fd00::/120) and dash ranges
  // (192.168.1.10-20, 192.168.1.10-192.168.1.20, fd00::1-fd00::9). Items with any address
  // outside private, link-local and loopback space are refused unless `allow_public`;
  // multicast and broadcast addresses are always refused. Throws std::invalid_argument naming
  // the bad item and what was expected.
  static TargetSet parse(std::string_view spec, bool allow_public);

  bool contains(const IpAddress& address) const;
  // Sorted, without duplicates; IPv4 CIDRs shorter than /31 skip their network and broadcast
  // addresses.
  const std::vector<IpAddress>& addresses() const { return addresses_; }
  std::size_t size() const { return addresses_.size(); }
  // "192.168.1.0/24, 10.0.0.5 (255 addresses)"
  std::string describe() const;

 private:
  std::vector<std::string> items_;
  std::vector<IpAddress> addresses_;
};

}  // namespace iotscope
