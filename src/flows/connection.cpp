#include "flows/connection.hpp"

#include <array>

#include "flows/payload_hook.hpp"

namespace iotscope {

namespace {

constexpr std::array<std::string_view, 13> kConnStateNames{
    "S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"};

}  // namespace

std::string_view conn_state_name(ZeekConnState state) {
  return kConnStateNames[static_cast<std::size_t>(state)];
}

std::optional<ZeekConnState> conn_state_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kConnStateNames.size(); ++i)
    if (kConnStateNames[i] == name) return static_cast<ZeekConnState>(i);
  return std::nullopt;
}

ConnState outcome_of(ZeekConnState state) {
  switch (state) {
    case ZeekConnState::SF:
    case ZeekConnState::S1:
    case ZeekConnState::S2:
    case ZeekConnState::S3:
    case ZeekConnState::RSTO:
    case ZeekConnState::RSTR:
      return ConnState::established;
    case ZeekConnState::REJ:
      return ConnState::rejected;
    case ZeekConnState::S0:
      return ConnState::no_reply;
    case ZeekConnState::RSTOS0:
    case ZeekConnState::RSTRH:
    case ZeekConnState::SH:
    case ZeekConnState::SHR:
    case ZeekConnState::OTH:
      break;
  }
  return ConnState::partial;
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
