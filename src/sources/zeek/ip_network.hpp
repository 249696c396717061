#pragma once
// An IP prefix ("192.168.1.0/24", "fd00::/8") and the list of them that makes up a home's local
// networks.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/ip_address.hpp"

namespace iotscope {

class IpNetwork {
 public:
  // "a.b.c.d/n" or "v6/n"; a bare address is a /32 or /128. nullopt on anything else.
  static std::optional<IpNetwork> parse(std::string_view text);
  bool contains(const IpAddress& address) const;
  // The directed broadcast address of an IPv4 prefix shorter than /31.
  std::optional<IpAddress> broadcast() const;
  std::string to_string() const;

 private:
  IpAddress base_;
  unsigned prefix_ = 0;  // over the 128-bit (v4-mapped) form
};

// The home's local networks. Empty means the private, link-local and loopback ranges
// (IpAddress::is_local).
class LocalNetworks {
 public:
  LocalNetworks() = default;
  explicit LocalNetworks(std::vector<IpNetwork> networks) : networks_(std::move(networks)) {}
  // Parses each CIDR; nullopt with `error` naming the first bad one.
  static std::optional<LocalNetworks> parse(std::span<const std::string> cidrs, std::string& error);

  bool contains(const IpAddress& address) const;
  // Multicast, limited broadcast, or the directed broadcast of a local network.
  bool is_group_address(const IpAddress& address) const;

 private:
  std::vector<IpNetwork> networks_;
};

}  // namespace iotscope
