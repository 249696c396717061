#pragma once
#include <string>
#include <vector>

#include "model/device_key.hpp"
#include "model/enums.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

// What the user typed about a device; any field may be empty.
struct UserLabels {
  std::string name;
  std::string vendor;
  std::string type;
  bool empty() const { return name.empty() && vendor.empty() && type.empty(); }
};

struct DeviceRecord {
  DeviceKey key;
  std::string home_id;     // the dataset's installation id (user_key), never shown unanonymized
  std::string source_id;   // the dataset's own device id, or the MAC for captures
  IpAddress ip;            // unset when unknown
  std::string mac;         // "aa:bb:cc:dd:ee:ff" when known; else empty
  std::string oui;         // six upper-case hex digits when known
  std::string oui_vendor;  // IEEE registry organisation for the OUI
  UserLabels labels;
  std::vector<std::string> learnt_names;  // DHCP hostname, mDNS / SSDP names
  std::string vendor;                     // inferred, normalised ("Amazon", "Google", ...)
  DeviceType type = DeviceType::unknown;  // inferred
  bool is_gateway = false;
  bool inspected = true;

  // The name people recognise in a chart: user name, else vendor + type, else OUI vendor.
  std::string display_label() const;
};

}  // namespace iotscope
