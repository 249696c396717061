#include "engine/clickhouse/address_halves.hpp"

namespace iotscope::clickhouse {
namespace {

std::uint64_t half(const std::array<std::uint8_t, 16>& bytes, std::size_t from) {
  std::uint64_t value = 0;
  for (std::size_t i = from; i < from + 8; ++i) value = value << 8 | bytes[i];
  return value;
}

void put_half(std::array<std::uint8_t, 16>& bytes, std::size_t from, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[from + 7 - i] = static_cast<std::uint8_t>(value & 0xFF);
    value >>= 8;
  }
}

}  // namespace

AddressHalves halves_of(const IpAddress& address) {
  return {half(address.bytes(), 0), half(address.bytes(), 8)};
}

IpAddress address_from(AddressHalves halves, bool set) {
  if (!set) return {};
  std::array<std::uint8_t, 16> bytes{};
  put_half(bytes, 0, halves.hi);
  put_half(bytes, 8, halves.lo);
  return IpAddress::v6(bytes);
}

}  // namespace iotscope::clickhouse
