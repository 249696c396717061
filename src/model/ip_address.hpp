#pragma once
// An IPv4 or IPv6 address as a small value type. IPv4 is stored as a v4-mapped IPv6 address so
// hashing and comparison need no branch on the family.
#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace iotscope {

class IpAddress {
 public:
  constexpr IpAddress() = default;
  static IpAddress v4(std::uint32_t host_order);
  static IpAddress v6(const std::array<std::uint8_t, 16>& bytes);
  // Accepts dotted quads and RFC 4291 text forms; nullopt on anything else.
  static std::optional<IpAddress> parse(std::string_view text);

  bool is_unset() const { return !set_; }
  bool is_v4() const;
  std::uint32_t v4_value() const;  // host order; only meaningful when is_v4()
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }

  bool is_private() const;     // RFC 1918, RFC 4193 (fc00::/7), CGNAT 100.64/10
  bool is_link_local() const;  // 169.254/16, fe80::/10
  bool is_loopback() const;
  bool is_multicast() const;
  bool is_broadcast() const;  // 255.255.255.255 or a .255 host of a private /24
  bool is_local() const { return is_private() || is_link_local() || is_loopback(); }

  std::string to_string() const;
  // The same text appended: an IPv4 address without inet_ntop's sprintf (conn.log writes two
  // a connection).
  void append_text(std::string& out) const;
  std::uint64_t hash() const;

  auto operator<=>(const IpAddress&) const = default;
  // Two words, where the defaulted comparison calls memcmp: the flow table compares addresses
  // for every packet.
  bool operator==(const IpAddress& other) const {
    std::array<std::uint64_t, 2> a{};
    std::array<std::uint64_t, 2> b{};
    std::memcpy(a.data(), bytes_.data(), sizeof a);
    std::memcpy(b.data(), other.bytes_.data(), sizeof b);
    return ((a[0] ^ b[0]) | (a[1] ^ b[1])) == 0 && set_ == other.set_;
  }

 private:
  std::array<std::uint8_t, 16> bytes_{};
  bool set_ = false;
};

}  // namespace iotscope
