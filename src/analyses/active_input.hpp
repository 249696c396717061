#pragma once
// Active measurement as the analyses see it: offers with their devices resolved, split by the
// vantage point of the scan that found them.
#include <vector>

#include "model/device_key.hpp"
#include "model/service_offer.hpp"

namespace iotscope {

struct ActiveInput {
  std::vector<ServiceOffer> internal;  // scans from inside the home
  std::vector<ServiceOffer> external;  // scans from the Internet side
  std::vector<DeviceKey> probed;       // devices inside the targets of an internal scan
  bool present() const { return !internal.empty() || !external.empty() || !probed.empty(); }
};

}  // namespace iotscope
