#pragma once
// Small shared vocabulary of the analyses: how they key a device port and group peer scopes.
#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>

#include "model/device_key.hpp"
#include "model/enums.hpp"

namespace iotscope {

// (device, port, transport): a device's own port or a remote service port it uses.
using PortKey = std::tuple<DeviceKey, std::uint16_t, Transport>;

inline bool is_local_scope(PeerScope scope) {
  return scope == PeerScope::local_device || scope == PeerScope::local_unknown;
}

// Where the other ends of some traffic were, as the result model spells it.
struct ScopeMask {
  bool local = false;
  bool external = false;
  void add(PeerScope scope) {
    if (scope == PeerScope::external) {
      external = true;
    } else {
      local = true;
    }
  }
  std::string name() const {
    if (local && external) return "both";
    if (external) return "external";
    return local ? "local" : "";
  }
};

// Grows linearly from 0 to 1 as value goes from 0 to full: how much evidence counts as plenty.
inline double saturate(double value, double full) {
  if (full <= 0) return 1.0;
  return std::clamp(value / full, 0.0, 1.0);
}

inline double clamp_confidence(double value) {
  return std::clamp(value, 0.0, 1.0);
}

// Ports below 1024 are fixed services; clients pick their source ports above that.
inline bool looks_ephemeral(std::uint16_t port) {
  return port >= 1024;
}

}  // namespace iotscope
