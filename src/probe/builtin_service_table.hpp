#pragma once
// What identification falls back to when nmap's database is not installed: a port-number guess
// for the IoT ports (method "table") and a small probe database in nmap's own format whose
// rules recognise the banners IoT devices most often show (SSH, HTTP, FTP, Telnet, MQTT,
// RTSP), so the same matching code runs either way.
#include <cstdint>
#include <optional>
#include <string_view>

#include "probe/service_probe_database.hpp"

namespace iotscope {

// nmap's service name for a well-known IoT port, or nullopt when the port says nothing.
std::optional<std::string_view> guess_service_by_port(std::uint16_t port,
                                                      ProbeProtocol protocol = ProbeProtocol::tcp);

// The built-in probes and rules as nmap-service-probes text (parsed by the regular parser).
std::string_view builtin_service_probes_text();

// The built-in database, parsed. Its text is fixed, so it parses without issues.
ServiceProbeDatabase builtin_service_database();

}  // namespace iotscope
