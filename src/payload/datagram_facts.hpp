#pragma once
// Facts from single UDP datagrams of the protocols IoT devices use to name themselves, find
// each other and open the NAT: DNS and mDNS, DHCP, SSDP, NAT-PMP and PCP, NTP.
#include <cstdint>

#include "payload/byte_reader.hpp"
#include "payload/payload_facts.hpp"

namespace iotscope {

struct DatagramContext {
  std::uint16_t sender_port = 0;
  std::uint16_t receiver_port = 0;
  bool from_originator = true;
  std::int64_t ts_ns = 0;
  bool facts = true;  // false: the service only (and parse errors), no PayloadFact
};

// Adds the facts of one datagram to `out`; datagrams of other protocols add nothing.
void inspect_datagram(const DatagramContext& context, ByteSpan datagram, InspectionResult& out);

}  // namespace iotscope
