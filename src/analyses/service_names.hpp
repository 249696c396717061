#pragma once
// The well-known service behind a port number, and whether that service normally runs encrypted.
// Payloads are unknown in most inputs, so this table is what "how_known = port" means.
#include <cstdint>
#include <string>
#include <string_view>

#include "model/enums.hpp"

namespace iotscope {

struct ServiceInfo {
  std::string_view name;  // empty when the port has no well-known service
  EncryptionStatus status = EncryptionStatus::unknown;
};

ServiceInfo service_info(std::uint16_t port, Transport transport);

// True for the services the exposure analysis calls risky when reachable from the Internet
// (Telnet, SMB, RDP, SSH, FTP, HTTP admin, UPnP, VNC, CWMP); decided by port number alone.
bool is_risky_service_port(std::uint16_t port);

// "tcp/443"
std::string port_label(std::uint16_t port, Transport transport);

}  // namespace iotscope
