#pragma once
// TCP connect() scan: the kernel does the handshake, so it needs no privileges. Non-blocking
// sockets under epoll keep up to max_in_flight attempts open, paced by the rate limiter.
#include <vector>

#include "model/ip_address.hpp"
#include "model/service_offer.hpp"
#include "probe/port_list.hpp"
#include "probe/probe_settings.hpp"
#include "probe/scan_scope.hpp"
#include "probe/scan_socket.hpp"
#include "probe/target_set.hpp"

namespace iotscope {

class TcpConnectScanner {
 public:
  TcpConnectScanner(TargetSet targets, ProbeSettings settings);

  // One ServiceOffer per address and TCP port of `ports` (UDP entries are skipped), address
  // by address in the given order: open ("syn-ack"), closed ("conn-refused") or filtered
  // ("no-response" after the retries, "host-unreach", "net-unreach"). Throws
  // std::invalid_argument before sending anything when an address is not in the targets.
  std::vector<ServiceOffer> scan(const std::vector<IpAddress>& addresses,
                                 const std::vector<ProbePort>& ports,
                                 const ScanProgress& progress = {}) const;

 private:
  ScanScope scope_;
};

}  // namespace iotscope
