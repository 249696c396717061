#pragma once
// Anonymized addresses that still parse as addresses, for outputs other tools read (Zeek
// conn.log): IP addresses are mapped prefix-preservingly (two addresses sharing an n-bit prefix
// share one after mapping, as Crypto-PAn does, here with HMAC-SHA256 as the keyed function), MAC
// addresses keep their vendor OUI and get a keyed NIC part. Results are memoised per address,
// and the keyed bits of the first 16 address bits (shared by many addresses) are kept apart.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/ip_address.hpp"
#include "report/keyed_hmac.hpp"

namespace iotscope {

class AddressPseudonyms {
 public:
  explicit AddressPseudonyms(const std::string& key);
  IpAddress ip(const IpAddress& address);
  // "aa:bb:cc:dd:ee:ff" in, same spelling out; text that is no MAC comes back unchanged.
  std::string mac(const std::string& mac);
  // Forgets the addresses mapped so far (memory stays bounded on a scan of millions of
  // addresses); later mappings are the same.
  void forget_addresses();

 private:
  struct IpHash {
    std::size_t operator()(const IpAddress& a) const { return static_cast<std::size_t>(a.hash()); }
  };
  KeyedHmac v4_;
  KeyedHmac v6_;
  KeyedHmac mac_;
  // By family (IPv4, IPv6): whether bit n < 16 flips, given the n bits before it, at index
  // 2^n + those bits; 0 while not computed, 1 no, 2 yes.
  std::vector<std::uint8_t> v4_flips_;
  std::vector<std::uint8_t> v6_flips_;
  std::unordered_map<IpAddress, IpAddress, IpHash> ips_;
  std::unordered_map<std::string, std::string> macs_;
};

}  // namespace iotscope
