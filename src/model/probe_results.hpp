#pragma once
// What one active measurement produced, as read from `iotscope probe` output or an nmap XML file:
// the run's vantage point, the hosts that answered, the services they offer and the facts their
// answers revealed. Addresses stay raw here: like a capture, a probe file is measurement input;
// reports anonymize.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ip_address.hpp"
#include "model/observation.hpp"
#include "model/service_offer.hpp"

namespace iotscope {

// Inside the home (the thesis' internal vantage point) or from the Internet side.
enum class Vantage : std::uint8_t { internal, external };

struct ProbeRun {
  std::string scanner;  // "iotscope 0.1", "nmap 7.93"
  std::string arguments;
  std::string targets;
  Vantage vantage = Vantage::internal;
  double started = 0;
  double finished = 0;
};

// A target that showed any sign of life (an open or closed port, an ICMP or UDP answer).
struct ProbedHost {
  IpAddress address;
  std::string mac;  // lower-case colon form when the target shares the prober's segment
  std::string hostname;
  std::string reason;  // "syn-ack", "reset", "arp-response", "udp-response", ...
  double ts = 0;
};

// An Observation from probing still names its device by address: the reader keys it.
struct ProbeObservation {
  IpAddress address;
  std::string mac;
  Observation observation;
};

struct ProbeResults {
  ProbeRun run;
  std::vector<ProbedHost> hosts;
  std::vector<ServiceOffer> offers;
  std::vector<ProbeObservation> observations;
};

std::string_view to_string(Vantage value);
std::string_view to_string(PortState value);
std::optional<Vantage> parse_vantage(std::string_view text);
std::optional<PortState> parse_port_state(std::string_view text);  // nmap's open|filtered: filtered

}  // namespace iotscope
