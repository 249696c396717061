#include "flows/connection.hpp"

#include <array>

#include "flows/payload_hook.hpp"

namespace iotscope {

std::string_view conn_state_name(ZeekConnState state) {
  static constexpr std::array<std::string_view, 13> kNames{
      "S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"};
  return kNames[static_cast<std::size_t>(state)];
}

std::string_view transport_name(Transport transport) {
  // Zeek's proto column spells what is neither TCP, UDP nor ICMP "unknown_transport".
  return transport == Transport::other ? "unknown_transport" : to_string(transport);
}

std::string_view close_reason_name(CloseReason reason) {
  switch (reason) {
    case CloseReason::closed:
      return "closed";
    case CloseReason::timeout:
      return "timeout";
    case CloseReason::reused:
      return "reused";
    case CloseReason::evicted:
      return "evicted";
    case CloseReason::flushed:
      break;
  }
  return "flushed";
}

PayloadHook::~PayloadHook() = default;

}  // namespace iotscope
