#pragma once
// Services whose mere offer is a risk inside the home (the thesis names Telnet, SSH, rpcbind and
// CUPS): remote shells, file and printer sharing, remote desktops and management protocols.
#include <cstdint>
#include <string_view>

#include "model/enums.hpp"

namespace iotscope {

// By the identified service name when there is one (nmap's names), else by the port number.
bool is_security_critical(std::string_view service, std::uint16_t port, Transport transport);

}  // namespace iotscope
