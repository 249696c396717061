#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "model/device_key.hpp"
#include "model/enums.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

struct TlsFacts {
  std::string version;       // Zeek's spelling, "TLSv12"; empty when unknown
  std::string cipher;        // IANA name
  std::string cipher_grade;  // "strong", "weak", "insecure"
  std::optional<bool> self_signed;
};

// One connection (or UDP conversation) seen from one device's side. Fields a source cannot
// know stay at their explicit "unknown" value.
struct FlowRecord {
  DeviceKey device;
  std::uint16_t device_port = 0;
  IpAddress remote_ip;
  std::uint16_t remote_port = 0;
  Transport transport = Transport::other;
  PeerScope scope = PeerScope::external;
  std::uint64_t peer_device = 0;  // DeviceKey::device of the peer when scope == local_device
  double first_ts = 0;            // Unix seconds
  double last_ts = 0;
  std::uint64_t bytes_out = 0;  // sent by the device
  std::uint64_t bytes_in = 0;   // received by the device
  std::uint64_t packets_out = 0;
  std::uint64_t packets_in = 0;
  Initiator initiator = Initiator::unknown;
  ConnState state = ConnState::unknown;
  std::string app_protocol;  // empty when unknown
  HowKnown app_how = HowKnown::unknown;
  std::optional<TlsFacts> tls;
  std::string remote_hostname;  // DNS / SNI / HTTP Host; empty when unknown
  std::uint32_t windows = 1;    // source rows merged into this flow

  std::uint64_t bytes() const { return bytes_out + bytes_in; }
};

}  // namespace iotscope
