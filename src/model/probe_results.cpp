#include "model/probe_results.hpp"

namespace iotscope {

std::string_view to_string(Vantage value) {
  return value == Vantage::external ? "external" : "internal";
}

std::string_view to_string(PortState value) {
  switch (value) {
    case PortState::open:
      return "open";
    case PortState::closed:
      return "closed";
    case PortState::filtered:
      break;
  }
  return "filtered";
}

std::optional<Vantage> parse_vantage(std::string_view text) {
  if (text == "internal") return Vantage::internal;
  if (text == "external") return Vantage::external;
  return std::nullopt;
}

std::optional<PortState> parse_port_state(std::string_view text) {
  if (text == "open") return PortState::open;
  if (text == "closed") return PortState::closed;
  // A UDP port that never answered may be open or filtered; nmap says so, we keep the weaker claim.
  if (text == "filtered" || text == "open|filtered" || text == "closed|filtered") {
    return PortState::filtered;
  }
  return std::nullopt;
}

}  // namespace iotscope
