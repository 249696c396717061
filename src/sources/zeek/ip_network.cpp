#include "sources/zeek/ip_network.hpp"

#include <fmt/format.h>

#include <charconv>

#include "sources/text/field_parsers.hpp"

namespace iotscope {
namespace {

constexpr unsigned kV4MappedBits = 96;

bool bit_of(const IpAddress& address, unsigned bit) {
  return ((address.bytes()[bit / 8] >> (7 - bit % 8)) & 1) != 0;
}

}  // namespace

std::optional<IpNetwork> IpNetwork::parse(std::string_view text) {
  text = trim_spaces(text);
  const std::size_t slash = text.find('/');
  const auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  const unsigned family_bits = address->is_v4() ? 32 : 128;
  unsigned prefix = family_bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() ||
        prefix > family_bits)
      return std::nullopt;
  }
  IpNetwork network;
  network.base_ = *address;
  network.prefix_ = address->is_v4() ? prefix + kV4MappedBits : prefix;
  return network;
}

bool IpNetwork::contains(const IpAddress& address) const {
  if (address.is_unset() || address.is_v4() != base_.is_v4()) return false;
  for (unsigned bit = 0; bit < prefix_; ++bit)
    if (bit_of(address, bit) != bit_of(base_, bit)) return false;
  return true;
}

std::optional<IpAddress> IpNetwork::broadcast() const {
  if (!base_.is_v4() || prefix_ >= kV4MappedBits + 31) return std::nullopt;
  const unsigned host_bits = 128 - prefix_;
  const std::uint32_t host_mask = (std::uint32_t{1} << host_bits) - 1;
  return IpAddress::v4(base_.v4_value() | host_mask);
}

std::string IpNetwork::to_string() const {
  return fmt::format("{}/{}", base_.to_string(), base_.is_v4() ? prefix_ - kV4MappedBits : prefix_);
}

std::optional<LocalNetworks> LocalNetworks::parse(std::span<const std::string> cidrs,
                                                  std::string& error) {
  std::vector<IpNetwork> networks;
  for (const auto& cidr : cidrs) {
    const auto network = IpNetwork::parse(cidr);
    if (!network) {
      error = fmt::format("local network {}: expected a CIDR such as 192.168.1.0/24",
                          quote_for_message(cidr));
      return std::nullopt;
    }
    networks.push_back(*network);
  }
  return LocalNetworks(std::move(networks));
}

bool LocalNetworks::contains(const IpAddress& address) const {
  if (networks_.empty()) return address.is_local();
  for (const auto& network : networks_)
    if (network.contains(address)) return true;
  return false;
}

bool LocalNetworks::is_group_address(const IpAddress& address) const {
  if (address.is_multicast() || address.is_broadcast()) return true;
  for (const auto& network : networks_)
    if (network.broadcast() == address) return true;
  return false;
}

}  // namespace iotscope
