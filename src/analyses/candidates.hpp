#pragma once
// Devices worth buying and studying in a lab, ranked by what the other analyses found.
#include <map>
#include <string>
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

// Every device's reasons to be a candidate, gathered home batch by home batch: each reason
// depends on its own device's findings only, so batches merge without changing a score; only the
// ranking needs them all.
class CandidateReasons {
 public:
  struct Reason {
    double points = 0;
    std::string text;
  };
  using Map = std::map<DeviceKey, std::vector<Reason>>;

  // Scans, exposure, plaintext services and unusual ports of the devices in `summaries`.
  void collect(const Summaries& summaries, const AnalysisResult& found, const RoleIndex& roles,
               const DeviceLookup& directory, const CandidateWeights& weights);
  // Security-critical services offered to a probe and never used.
  void add_offered_unused(const ActiveMeasurement& active, const CandidateWeights& weights);
  void merge(CandidateReasons&& other);
  // Devices with a positive score, highest first, at most config.candidates.
  std::vector<Candidate> rank(const AnalysisConfig& config) &&;

 private:
  Map reasons_;
};

std::vector<Candidate> rank_candidates(const Summaries& summaries, const AnalysisResult& found,
                                       const RoleIndex& roles, const DeviceLookup& directory,
                                       const AnalysisConfig& config,
                                       const CandidateWeights& weights = {});

}  // namespace iotscope
