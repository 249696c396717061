#include "model/ip_address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace iotscope {
namespace {
constexpr std::array<std::uint8_t, 12> kV4Prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
}

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress ip;
  std::memcpy(ip.bytes_.data(), kV4Prefix.data(), kV4Prefix.size());
  ip.bytes_[12] = static_cast<std::uint8_t>(host_order >> 24);
  ip.bytes_[13] = static_cast<std::uint8_t>(host_order >> 16);
  ip.bytes_[14] = static_cast<std::uint8_t>(host_order >> 8);
  ip.bytes_[15] = static_cast<std::uint8_t>(host_order);
  ip.set_ = true;
  return ip;
}

IpAddress IpAddress::v6(const std::array<std::uint8_t, 16>& bytes) {
  IpAddress ip;
  ip.bytes_ = bytes;
  ip.set_ = true;
  return ip;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buffer[46];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  in_addr v4addr{};
  if (inet_pton(AF_INET, buffer, &v4addr) == 1) return v4(ntohl(v4addr.s_addr));
  std::array<std::uint8_t, 16> v6bytes{};
  if (inet_pton(AF_INET6, buffer, v6bytes.data()) == 1) return v6(v6bytes);
  return std::nullopt;
}

bool IpAddress::is_v4() const {
  return set_ && std::memcmp(bytes_.data(), kV4Prefix.data(), kV4Prefix.size()) == 0;
}

std::uint32_t IpAddress::v4_value() const {
  return (std::uint32_t{bytes_[12]} << 24) | (std::uint32_t{bytes_[13]} << 16) |
         (std::uint32_t{bytes_[14]} << 8) | std::uint32_t{bytes_[15]};
}

bool IpAddress::is_private() const {
  if (!set_) return false;
  if (is_v4()) {
    const std::uint32_t a = v4_value();
    return (a >> 24) == 10 || (a >> 20) == 0xAC1 || (a >> 16) == 0xC0A8 ||
           (a >> 22) == (0x64400000U >> 22);
  }
  return (bytes_[0] & 0xfe) == 0xfc;
}

bool IpAddress::is_link_local() const {
  if (!set_) return false;
  if (is_v4()) return (v4_value() >> 16) == 0xA9FE;
  return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

bool IpAddress::is_loopback() const {
  if (!set_) return false;
  if (is_v4()) return (v4_value() >> 24) == 127;
  static constexpr std::array<std::uint8_t, 16> kLoop{0, 0, 0, 0, 0, 0, 0, 0,
                                                      0, 0, 0, 0, 0, 0, 0, 1};
  return bytes_ == kLoop;
}

bool IpAddress::is_multicast() const {
  if (!set_) return false;
  if (is_v4()) return (v4_value() >> 28) == 0xE;
  return bytes_[0] == 0xff;
}

bool IpAddress::is_broadcast() const {
  if (!set_ || !is_v4()) return false;
  const std::uint32_t a = v4_value();
  return a == 0xFFFFFFFFU || (is_private() && (a & 0xFF) == 0xFF);
}

std::string IpAddress::to_string() const {
  std::string text;
  append_text(text);
  return text;
}

void IpAddress::append_text(std::string& out) const {
  if (!set_) return;
  if (is_v4()) {
    std::array<char, INET_ADDRSTRLEN> buffer{};
    char* end = buffer.data();
    for (std::size_t i = 12; i < bytes_.size(); ++i) {
      if (i > 12) *end++ = '.';
      end = std::to_chars(end, buffer.data() + buffer.size(), bytes_[i]).ptr;
    }
    out.append(buffer.data(), end);
    return;
  }
  std::array<char, INET6_ADDRSTRLEN> buffer{};
  inet_ntop(AF_INET6, bytes_.data(), buffer.data(), buffer.size());
  out.append(buffer.data());
}

std::uint64_t IpAddress::hash() const {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  std::memcpy(&hi, bytes_.data(), 8);
  std::memcpy(&lo, bytes_.data() + 8, 8);
  std::uint64_t h = hi * 0x9E3779B97F4A7C15ULL ^ lo;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 29);
}

}  // namespace iotscope
