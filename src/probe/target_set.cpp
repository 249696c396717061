#include "probe/target_set.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <stdexcept>

#include "util/text.hpp"

namespace iotscope {
namespace {

// Addresses as 128-bit numbers so ranges of both families share one walk; IPv4 lives in the
// v4-mapped block, so its arithmetic never crosses into IPv6.
__extension__ using AddressNumber = unsigned __int128;

AddressNumber to_number(const IpAddress& address) {
  AddressNumber value = 0;
  for (const std::uint8_t byte : address.bytes()) value = (value << 8) | byte;
  return value;
}

IpAddress from_number(AddressNumber value) {
  std::array<std::uint8_t, 16> bytes{};
  for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
    *it = static_cast<std::uint8_t>(value & 0xff);
    value >>= 8;
  }
  const IpAddress v6 = IpAddress::v6(bytes);
  // Keep IPv4 in IpAddress's own v4 form so equality with parsed addresses holds.
  return v6.is_v4() ? IpAddress::v4(v6.v4_value()) : v6;
}

struct AddressRange {
  AddressNumber first = 0;
  AddressNumber last = 0;
};

[[noreturn]] void refuse(std::string_view item, std::string_view why) {
  throw std::invalid_argument("target '" + std::string(item) + "': " + std::string(why));
}

IpAddress parse_address(std::string_view item, std::string_view text) {
  const auto address = IpAddress::parse(text);
  if (!address) {
    refuse(item,
           "expected an IPv4 or IPv6 address, a CIDR like 192.168.1.0/24 or a range like "
           "192.168.1.10-20, got '" +
               std::string(text) + "'");
  }
  return *address;
}

AddressRange parse_cidr(std::string_view item, std::size_t slash) {
  const IpAddress base = parse_address(item, item.substr(0, slash));
  const std::string_view length_text = item.substr(slash + 1);
  const int family_bits = base.is_v4() ? 32 : 128;
  int length = -1;
  const auto [end, error] =
      std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
  if (error != std::errc{} || end != length_text.data() + length_text.size() || length < 0 ||
      length > family_bits) {
    refuse(item, "expected a prefix length 0-" + std::to_string(family_bits) + " after '/'");
  }
  const int host_bits = family_bits - length;
  if (host_bits > 16) {
    refuse(item, "the prefix holds more than " + std::to_string(TargetSet::kMaxAddresses) +
                     " addresses; name a smaller network (at most /16 for IPv4, /112 for IPv6)");
  }
  const AddressNumber span = (AddressNumber{1} << host_bits) - 1;
  const AddressNumber first = to_number(base) & ~span;
  return {first, first + span};
}

AddressRange parse_dash_range(std::string_view item, std::size_t dash) {
  const IpAddress first = parse_address(item, item.substr(0, dash));
  const std::string_view end_text = item.substr(dash + 1);
  AddressNumber last = 0;
  if (first.is_v4() && !end_text.empty() &&
      end_text.find_first_not_of("0123456789") == std::string_view::npos) {
    unsigned octet = 256;
    const auto [end, error] =
        std::from_chars(end_text.data(), end_text.data() + end_text.size(), octet);
    if (error != std::errc{} || end != end_text.data() + end_text.size() || octet > 255) {
      refuse(item, "expected a last octet 0-255 or a full address after '-'");
    }
    last = (to_number(first) & ~AddressNumber{0xff}) | octet;
  } else {
    const IpAddress last_address = parse_address(item, end_text);
    if (last_address.is_v4() != first.is_v4()) {
      refuse(item, "expected both ends of the range in the same address family");
    }
    last = to_number(last_address);
  }
  if (last < to_number(first)) refuse(item, "expected the range's end not below its start");
  if (last - to_number(first) >= TargetSet::kMaxAddresses) {
    refuse(item, "the range holds more than " + std::to_string(TargetSet::kMaxAddresses) +
                     " addresses; name a smaller range");
  }
  return {to_number(first), last};
}

// The network and broadcast addresses of an IPv4 subnet are not hosts.
bool skips_edges(std::size_t slash, const AddressRange& range) {
  if (slash == std::string_view::npos) return false;
  return from_number(range.first).is_v4() && range.last - range.first >= 3;
}

void check_scope(std::string_view item, const std::vector<IpAddress>& addresses,
                 bool allow_public) {
  for (const IpAddress& address : addresses) {
    if (address.is_multicast() || (address.is_v4() && address.v4_value() == 0xffffffffU)) {
      refuse(item, "holds the multicast or broadcast address " + address.to_string() +
                       "; name unicast device addresses");
    }
    if (!allow_public && !address.is_local()) {
      refuse(item, "holds " + address.to_string() +
                       ", which is outside private, link-local and loopback ranges; probing it "
                       "needs --allow-public");
    }
  }
}

std::vector<IpAddress> item_addresses(std::string_view item) {
  const std::size_t slash = item.find('/');
  const std::size_t dash = item.find('-');
  if (slash != std::string_view::npos && dash != std::string_view::npos) {
    refuse(item, "expected either a CIDR or a range, not both");
  }
  AddressRange range;
  if (slash != std::string_view::npos) {
    range = parse_cidr(item, slash);
  } else if (dash != std::string_view::npos) {
    range = parse_dash_range(item, dash);
  } else {
    const AddressNumber one = to_number(parse_address(item, item));
    range = {one, one};
  }
  const bool skip = skips_edges(slash, range);
  std::vector<IpAddress> addresses;
  const AddressNumber first = range.first + (skip ? 1 : 0);
  const AddressNumber count = range.last - range.first + 1 - (skip ? 2 : 0);
  // Counting instead of comparing with `last` ends even at the top of the address space.
  for (AddressNumber i = 0; i < count; ++i) addresses.push_back(from_number(first + i));
  return addresses;
}

}  // namespace

TargetSet TargetSet::parse(std::string_view spec, bool allow_public) {
  TargetSet set;
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string_view item = trim_spaces(spec.substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) continue;
    std::vector<IpAddress> addresses = item_addresses(item);
    check_scope(item, addresses, allow_public);
    set.items_.emplace_back(item);
    set.addresses_.insert(set.addresses_.end(), addresses.begin(), addresses.end());
    std::sort(set.addresses_.begin(), set.addresses_.end());
    set.addresses_.erase(std::unique(set.addresses_.begin(), set.addresses_.end()),
                         set.addresses_.end());
    if (set.addresses_.size() > kMaxAddresses) {
      refuse(item, "brings the targets above " + std::to_string(kMaxAddresses) +
                       " addresses; name fewer or smaller networks");
    }
  }
  if (set.items_.empty()) {
    throw std::invalid_argument(
        "no targets: expected comma-separated addresses, CIDRs or ranges such as "
        "192.168.1.0/24");
  }
  return set;
}

bool TargetSet::contains(const IpAddress& address) const {
  return std::binary_search(addresses_.begin(), addresses_.end(), address);
}

std::string TargetSet::describe() const {
  std::string text;
  for (const auto& item : items_) {
    if (!text.empty()) text += ", ";
    text += item;
  }
  text += " (" + std::to_string(size()) + (size() == 1 ? " address)" : " addresses)");
  return text;
}

}  // namespace iotscope
