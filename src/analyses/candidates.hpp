#pragma once
// Devices worth buying and studying in a lab, ranked by what the other analyses found.
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/device_lookup.hpp"
#include "analyses/result.hpp"
#include "analyses/role_index.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

// The weight each kind of finding adds to a device's score (times the finding's confidence).
struct CandidateWeights {
  double host_sweep = 10;
  double port_scan = 8;
  double inbound = 6;
  double ntp_responder = 6;
  double risky_service = 4;
  double port_mapping = 6;  // per hole a device asked its gateway to open (UPnP, NAT-PMP, PCP)
  double critical_offered_unused = 2;  // per security-critical service offered, never used
  double plaintext_served = 3;         // per plaintext service port other local devices use
  double unusual_server_port = 1;      // per server port without a well-known service, at most 3
  double unusual_peer_port = 0.5;  // per fixed peer port without a well-known service, at most 2
};

std::vector<Candidate> rank_candidates(const Summaries& summaries, const AnalysisResult& found,
                                       const RoleIndex& roles, const DeviceLookup& directory,
                                       const AnalysisConfig& config,
                                       const CandidateWeights& weights = {});

}  // namespace iotscope
