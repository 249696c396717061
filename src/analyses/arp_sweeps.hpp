#pragma once
// Host discovery by ARP: a device asking for the MAC of many local addresses in a short time
// (nmap -sn on a LAN, or a device mapping its network). Flow records never show it; captures
// report it as arp_requests observations per device and window.
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "model/observation.hpp"

namespace iotscope {

std::vector<Scan> find_arp_sweeps(const std::vector<Observation>& observations,
                                  const AnalysisConfig& config);

}  // namespace iotscope
