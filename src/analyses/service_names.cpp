#include "analyses/service_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace iotscope {
namespace {

struct ServiceEntry {
  std::uint16_t port;
  Transport transport;
  std::string_view name;
  EncryptionStatus status;
};

constexpr auto kEnc = EncryptionStatus::encrypted;
constexpr auto kPlain = EncryptionStatus::plaintext;
constexpr auto kUnknown = EncryptionStatus::unknown;
constexpr auto kTcp = Transport::tcp;
constexpr auto kUdp = Transport::udp;

// Sorted by (port, transport) so lookups can binary-search.
constexpr std::array kServices{
    ServiceEntry{20, kTcp, "ftp-data", kPlain},
    ServiceEntry{21, kTcp, "ftp", kPlain},
    ServiceEntry{22, kTcp, "ssh", kEnc},
    ServiceEntry{23, kTcp, "telnet", kPlain},
    ServiceEntry{25, kTcp, "smtp", kUnknown},
    ServiceEntry{53, kTcp, "dns", kPlain},
    ServiceEntry{53, kUdp, "dns", kPlain},
    ServiceEntry{67, kUdp, "dhcp", kPlain},
    ServiceEntry{68, kUdp, "dhcp", kPlain},
    ServiceEntry{69, kUdp, "tftp", kPlain},
    ServiceEntry{80, kTcp, "http", kPlain},
    ServiceEntry{110, kTcp, "pop3", kPlain},
    ServiceEntry{111, kTcp, "rpcbind", kPlain},
    ServiceEntry{111, kUdp, "rpcbind", kPlain},
    ServiceEntry{123, kUdp, "ntp", kPlain},
    ServiceEntry{137, kUdp, "netbios-ns", kPlain},
    ServiceEntry{138, kUdp, "netbios-dgm", kPlain},
    ServiceEntry{139, kTcp, "smb", kUnknown},
    ServiceEntry{143, kTcp, "imap", kPlain},
    ServiceEntry{161, kUdp, "snmp", kPlain},
    ServiceEntry{162, kUdp, "snmp-trap", kPlain},
    ServiceEntry{389, kTcp, "ldap", kPlain},
    ServiceEntry{389, kUdp, "ldap", kPlain},
    ServiceEntry{443, kTcp, "https", kEnc},
    ServiceEntry{443, kUdp, "quic", kEnc},
    ServiceEntry{445, kTcp, "smb", kUnknown},
    ServiceEntry{500, kUdp, "ike", kEnc},
    ServiceEntry{514, kUdp, "syslog", kPlain},
    ServiceEntry{515, kTcp, "lpd", kPlain},
    ServiceEntry{548, kTcp, "afp", kUnknown},
    ServiceEntry{554, kTcp, "rtsp", kPlain},
    ServiceEntry{554, kUdp, "rtsp", kPlain},
    ServiceEntry{587, kTcp, "submission", kUnknown},
    ServiceEntry{631, kTcp, "ipp", kPlain},
    ServiceEntry{636, kTcp, "ldaps", kEnc},
    ServiceEntry{853, kTcp, "dns-over-tls", kEnc},
    ServiceEntry{993, kTcp, "imaps", kEnc},
    ServiceEntry{995, kTcp, "pop3s", kEnc},
    ServiceEntry{1080, kTcp, "socks", kPlain},
    ServiceEntry{1400, kTcp, "http", kPlain},  // Sonos control
    ServiceEntry{1883, kTcp, "mqtt", kPlain},
    ServiceEntry{1900, kUdp, "ssdp", kPlain},
    ServiceEntry{3389, kTcp, "rdp", kEnc},
    ServiceEntry{3389, kUdp, "rdp", kEnc},
    ServiceEntry{3478, kUdp, "stun", kUnknown},
    ServiceEntry{4500, kUdp, "ipsec-nat-t", kEnc},
    ServiceEntry{5222, kTcp, "xmpp", kUnknown},
    ServiceEntry{5223, kTcp, "apple-push", kEnc},
    ServiceEntry{5228, kTcp, "google-push", kEnc},
    ServiceEntry{5353, kUdp, "mdns", kPlain},
    ServiceEntry{5355, kUdp, "llmnr", kPlain},
    ServiceEntry{5683, kUdp, "coap", kPlain},
    ServiceEntry{5684, kUdp, "coaps", kEnc},
    ServiceEntry{5900, kTcp, "vnc", kPlain},
    ServiceEntry{7547, kTcp, "cwmp", kPlain},
    ServiceEntry{8008, kTcp, "http", kPlain},  // Chromecast setup API
    ServiceEntry{8009, kTcp, "cast", kEnc},    // Cast v2 runs over TLS
    ServiceEntry{8060, kTcp, "http", kPlain},  // Roku ECP
    ServiceEntry{8080, kTcp, "http", kPlain},
    ServiceEntry{8081, kTcp, "http", kPlain},
    ServiceEntry{8088, kTcp, "http", kPlain},
    ServiceEntry{8443, kTcp, "https", kEnc},
    ServiceEntry{8883, kTcp, "mqtt-tls", kEnc},
    ServiceEntry{8888, kTcp, "http", kPlain},
    ServiceEntry{9100, kTcp, "jetdirect", kPlain},
    ServiceEntry{49152, kTcp, "upnp", kPlain},
    ServiceEntry{49153, kTcp, "upnp", kPlain},
    ServiceEntry{62078, kTcp, "iphone-sync", kEnc},
};

constexpr std::array<std::uint16_t, 13> kRiskyPorts{21,   22,   23,   80,   139,  445,  1900,
                                                    3389, 5900, 7547, 8080, 8081, 49152};

constexpr bool entry_less(const ServiceEntry& a, std::uint16_t port, Transport transport) {
  return a.port != port ? a.port < port : a.transport < transport;
}

static_assert(std::is_sorted(kServices.begin(), kServices.end(),
                             [](const ServiceEntry& a, const ServiceEntry& b) {
                               return entry_less(a, b.port, b.transport);
                             }),
              "kServices must stay sorted by port and transport");

}  // namespace

ServiceInfo service_info(std::uint16_t port, Transport transport) {
  const auto it = std::lower_bound(
      kServices.begin(), kServices.end(), port,
      [transport](const ServiceEntry& e, std::uint16_t p) { return entry_less(e, p, transport); });
  if (it == kServices.end() || it->port != port || it->transport != transport) return {};
  return {it->name, it->status};
}

bool is_risky_service_port(std::uint16_t port) {
  return std::find(kRiskyPorts.begin(), kRiskyPorts.end(), port) != kRiskyPorts.end();
}

std::string port_label(std::uint16_t port, Transport transport) {
  return fmt::format("{}/{}", to_string(transport), port);
}

}  // namespace iotscope
