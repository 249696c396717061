#pragma once
// An IpAddress as ClickHouse stores it: its 16 bytes (IPv4 v4-mapped) as two big-endian UInt64
// halves, which sort like the address itself (18.16 has no IPv6 type for both families).
#include <cstdint>

#include "model/ip_address.hpp"

namespace iotscope::clickhouse {

struct AddressHalves {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
};

AddressHalves halves_of(const IpAddress& address);
// The address the halves hold; `set` false gives the unset address.
IpAddress address_from(AddressHalves halves, bool set = true);

}  // namespace iotscope::clickhouse
