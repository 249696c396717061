#pragma once
// Active measurement inputs (`iotscope probe` output, nmap XML) joined to the home's devices:
// each offer, host and observation gets the device key a capture of the same home would give it
// (by MAC, else by the address a known device uses, else by address), and hosts no passive input
// knew become devices of their own.
#include <string>
#include <vector>

#include "analyses/active_input.hpp"
#include "model/device_record.hpp"
#include "model/observation.hpp"
#include "model/probe_results.hpp"

namespace iotscope {

struct KeyedProbes {
  ActiveInput active;
  std::vector<Observation> observations;
};

// Adds devices for hosts no other input knew; names learnt from banners, SSDP and mDNS answers
// join the devices' learnt names so identification can use them.
KeyedProbes key_probe_results(const std::vector<ProbeResults>& probes, const std::string& home_id,
                              std::vector<DeviceRecord>& devices);

}  // namespace iotscope
