#pragma once
// UDP probing of the IoT discovery and management services. UDP has no handshake, so each
// port gets a request its service must answer: SSDP M-SEARCH (1900), an mDNS unicast query
// (5353), SNMP GetRequest sysDescr.0 with community "public" (161), NTP client, mode 6 READVAR
// and mode 7 monlist requests (123), CoAP GET /.well-known/core (5683); other ports get an
// empty datagram, like nmap. Each probe uses its own connected socket, so an ICMP port
// unreachable comes back as ECONNREFUSED: closed.
#include <cstdint>
#include <string>
#include <vector>

#include "model/ip_address.hpp"
#include "model/observation.hpp"
#include "model/service_offer.hpp"
#include "probe/port_list.hpp"
#include "probe/probe_settings.hpp"
#include "probe/scan_scope.hpp"
#include "probe/scan_socket.hpp"
#include "probe/target_set.hpp"

namespace iotscope {

// The datagrams sent to `port` of `target`, in order.
std::vector<std::string> udp_probe_payloads(std::uint16_t port);

struct UdpProbeOutcome {
  // One per address and UDP port: open ("udp-response"), closed ("port-unreach"), filtered
  // ("no-response" after the retries, "host-unreach", ...). Service, product and info come
  // from the reply where it is cheap to read.
  std::vector<ServiceOffer> offers;
  // Facts worth flagging, in docs/observations.md's kinds and field names: "ntp_mode" (a mode
  // 6 or 7 answer), "ssdp_name", "mdns_name", "snmp_community". `peer` and `port` name the
  // probed address and port; `device` is left for the caller to resolve.
  std::vector<Observation> observations;
};

// What one service's replies say: filled into the offer, plus observations.
void describe_udp_replies(std::uint16_t port, const std::vector<std::string>& replies,
                          ServiceOffer& offer, std::vector<Observation>& observations);

class UdpServiceProber {
 public:
  UdpServiceProber(TargetSet targets, ProbeSettings settings);

  // Throws std::invalid_argument before sending anything when an address is not in the
  // targets.
  UdpProbeOutcome probe(const std::vector<IpAddress>& addresses,
                        const std::vector<ProbePort>& ports,
                        const ScanProgress& progress = {}) const;

 private:
  ScanScope scope_;
};

}  // namespace iotscope
