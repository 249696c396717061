#pragma once
// Small roll-ups of the findings that the human-readable reports show as "top" tables.
#include <cstdint>
#include <string>
#include <vector>

#include "analyses/result.hpp"

namespace iotscope {

struct ServerPortRow {
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::uint64_t devices = 0;  // devices with a server role on this port
};

struct PlaintextServiceRow {
  std::string service;
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::uint64_t devices = 0;
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
  bool credentials_in_clear = false;  // any entry saw credentials in clear
};

// Ports by the number of devices serving on them, most first; ties by port.
std::vector<ServerPortRow> server_ports(const std::vector<PortRole>& roles);
// Plaintext services by the number of devices using them, most first; ties by flows then port.
std::vector<PlaintextServiceRow> plaintext_services(const std::vector<EncryptionEntry>& entries);

}  // namespace iotscope
