#pragma once
// Anonymized addresses that still parse as addresses, for outputs other tools read (Zeek
// conn.log): IP addresses are mapped prefix-preservingly (two addresses sharing an n-bit prefix
// share one after mapping, as Crypto-PAn does, here with HMAC-SHA256 as the keyed function), MAC
// addresses keep their vendor OUI and get a keyed NIC part. Results are memoised per address.
#include <string>
#include <unordered_map>

#include "model/ip_address.hpp"

namespace iotscope {

class AddressPseudonyms {
 public:
  explicit AddressPseudonyms(std::string key) : key_(std::move(key)) {}
  IpAddress ip(const IpAddress& address);
  // "aa:bb:cc:dd:ee:ff" in, same spelling out; text that is no MAC comes back unchanged.
  std::string mac(const std::string& mac);

 private:
  struct IpHash {
    std::size_t operator()(const IpAddress& a) const { return static_cast<std::size_t>(a.hash()); }
  };
  std::string key_;
  std::unordered_map<IpAddress, IpAddress, IpHash> ips_;
  std::unordered_map<std::string, std::string> macs_;
};

}  // namespace iotscope
