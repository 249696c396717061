#pragma once
// TCP SYN ("half-open") scan through raw sockets, as `nmap -sS` does: send a crafted SYN,
// read the SYN-ACK (open) or RST (closed) off a raw socket, and let the kernel reset the
// half-open connection, since no socket of ours owns it. Needs root or CAP_NET_RAW.
#include <vector>

#include "model/ip_address.hpp"
#include "model/service_offer.hpp"
#include "probe/port_list.hpp"
#include "probe/probe_settings.hpp"
#include "probe/scan_scope.hpp"
#include "probe/scan_socket.hpp"
#include "probe/target_set.hpp"

namespace iotscope {

// Whether this process may open raw TCP sockets.
bool syn_scan_available();

class SynScanner {
 public:
  SynScanner(TargetSet targets, ProbeSettings settings);

  // Same contract as TcpConnectScanner::scan: one ServiceOffer per address and TCP port,
  // open ("syn-ack"), closed ("reset") or filtered ("no-response" after the retries); IPv4 and
  // IPv6. Throws std::invalid_argument before sending anything when an address is not in the
  // targets, std::runtime_error when raw sockets cannot be opened.
  std::vector<ServiceOffer> scan(const std::vector<IpAddress>& addresses,
                                 const std::vector<ProbePort>& ports,
                                 const ScanProgress& progress = {}) const;

 private:
  ScanScope scope_;
};

}  // namespace iotscope
