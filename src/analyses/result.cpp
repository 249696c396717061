#include "analyses/result.hpp"

namespace iotscope {

std::string_view to_string(Role value) {
  switch (value) {
    case Role::server:
      return "server";
    case Role::client:
      return "client";
    case Role::peer:
      return "peer";
    case Role::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(PortSide value) {
  switch (value) {
    case PortSide::remote:
      return "remote";
    case PortSide::local:
      break;
  }
  return "local";
}

std::string_view to_string(ScanKind value) {
  switch (value) {
    case ScanKind::port_scan:
      return "port_scan";
    case ScanKind::host_sweep:
      break;
  }
  return "host_sweep";
}

}  // namespace iotscope
