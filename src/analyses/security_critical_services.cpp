#include "analyses/security_critical_services.hpp"

#include <algorithm>
#include <array>

namespace iotscope {
namespace {

// nmap-services spellings.
constexpr std::array<std::string_view, 16> kCriticalNames{
    "telnet", "ssh",    "rpcbind", "ipp",  "ftp",    "microsoft-ds", "netbios-ssn", "ms-wbt-server",
    "vnc",    "tr-069", "cwmp",    "snmp", "rlogin", "rsh",          "nfs",         "printer"};

struct CriticalPort {
  std::uint16_t port;
  Transport transport;
};
constexpr std::array<CriticalPort, 14> kCriticalPorts{{{23, Transport::tcp},
                                                       {22, Transport::tcp},
                                                       {111, Transport::tcp},
                                                       {111, Transport::udp},
                                                       {631, Transport::tcp},
                                                       {21, Transport::tcp},
                                                       {445, Transport::tcp},
                                                       {139, Transport::tcp},
                                                       {3389, Transport::tcp},
                                                       {5900, Transport::tcp},
                                                       {7547, Transport::tcp},
                                                       {161, Transport::udp},
                                                       {2049, Transport::tcp},
                                                       {515, Transport::tcp}}};

}  // namespace

bool is_security_critical(std::string_view service, std::uint16_t port, Transport transport) {
  // "ssl/telnet" style names: the service inside the tunnel counts.
  if (const auto slash = service.rfind('/'); slash != std::string_view::npos) {
    service.remove_prefix(slash + 1);
  }
  if (!service.empty()) {
    return std::find(kCriticalNames.begin(), kCriticalNames.end(), service) != kCriticalNames.end();
  }
  return std::any_of(kCriticalPorts.begin(), kCriticalPorts.end(), [&](const CriticalPort& p) {
    return p.port == port && p.transport == transport;
  });
}

}  // namespace iotscope
