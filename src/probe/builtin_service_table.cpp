#include "probe/builtin_service_table.hpp"

#include <algorithm>
#include <array>

namespace iotscope {

namespace {

struct PortGuess {
  std::uint16_t port;
  std::string_view service;
};

// nmap-services names where they are meaningful for the device; where nmap's name belongs to
// an unrelated legacy product, the name of what IoT devices run there (Sonos and Roku speak
// HTTP on 1400 and 8060, a UPnP description server usually sits on 49152).
constexpr std::array kTcpGuesses{
    PortGuess{21, "ftp"},
    PortGuess{22, "ssh"},
    PortGuess{23, "telnet"},
    PortGuess{53, "domain"},
    PortGuess{80, "http"},
    PortGuess{111, "rpcbind"},
    PortGuess{139, "netbios-ssn"},
    PortGuess{443, "https"},
    PortGuess{445, "microsoft-ds"},
    PortGuess{554, "rtsp"},
    PortGuess{631, "ipp"},
    PortGuess{1080, "socks"},
    PortGuess{1400, "http"},
    PortGuess{1883, "mqtt"},
    PortGuess{3389, "ms-wbt-server"},
    PortGuess{5000, "upnp"},
    PortGuess{5900, "vnc"},
    PortGuess{7547, "cwmp"},
    PortGuess{8008, "http"},
    PortGuess{8009, "ajp13"},
    PortGuess{8060, "http"},
    PortGuess{8080, "http-proxy"},
    PortGuess{8081, "blackice-icecap"},
    PortGuess{8443, "https-alt"},
    PortGuess{8883, "secure-mqtt"},
    PortGuess{8888, "sun-answerbook"},
    PortGuess{9100, "jetdirect"},
    PortGuess{49152, "upnp"},
};

constexpr std::array kUdpGuesses{
    PortGuess{53, "domain"}, PortGuess{123, "ntp"},   PortGuess{161, "snmp"},
    PortGuess{1900, "upnp"}, PortGuess{5353, "mdns"}, PortGuess{5683, "coap"},
};

// Rules follow nmap's conventions (service names, p/ v/ i/ fields) so results read the same
// with or without the real database. Kept deliberately small: each rule must be obviously
// right, not broad.
constexpr std::string_view kBuiltinProbes = R"(# iotscope built-in service probes
Probe TCP NULL q||
totalwaitms 6000
match ssh m|^SSH-([\d.]+)-OpenSSH[_-]([\w._-]+)[ -]Debian[ -]([^\r\n]+)\r?\n| p/OpenSSH/ v/$2 Debian $3/ i/protocol $1/ o/Linux/ cpe:/a:openbsd:openssh:$2/
match ssh m|^SSH-([\d.]+)-OpenSSH[_-]([\w._-]+)\r?\n| p/OpenSSH/ v/$2/ i/protocol $1/ cpe:/a:openbsd:openssh:$2/
match ssh m|^SSH-([\d.]+)-dropbear[_-]([\w.]+)\r?\n| p/Dropbear sshd/ v/$2/ i/protocol $1/ cpe:/a:matt_johnston:dropbear_ssh_server:$2/
match ssh m|^SSH-([\d.]+)-([^\r\n]+)\r?\n| p/$P(2)/ i/protocol $1/
match ftp m|^220[ -]([^\r\n]*[Ff][Tt][Pp][^\r\n]*)\r\n| i/$P(1)/
softmatch ftp m|^220[ -][^\r\n]*\r\n|
match telnet m|^\xff[\xfb-\xfe]|
match mqtt m|^\x20\x02[\0\x01][\0-\x05]$|
match rtsp m|^RTSP/1\.0 \d\d\d|

Probe TCP GetRequest q|GET / HTTP/1.0\r\n\r\n|
rarity 1
ports 80,1400,5000,7547,8000,8008,8060,8080,8081,8443,8888,49152
match http m|^HTTP/1\.[01] \d\d\d .*?\r\nServer: *([^\r\n]+)|s p/$P(1)/
match http m|^HTTP/1\.[01] \d\d\d|
match rtsp m|^RTSP/1\.0 \d\d\d|

Probe TCP MQTTConnect q|\x10\x0e\0\x04MQTT\x04\x02\0\x3c\0\x02id|
rarity 3
ports 1883
match mqtt m|^\x20\x02[\0\x01][\0-\x05]|

Probe TCP RTSPRequest q|OPTIONS / RTSP/1.0\r\n\r\n|
rarity 5
ports 554,8554
match rtsp m|^RTSP/1\.0 \d\d\d.*?\r\nServer: *([^\r\n]+)|s p/$P(1)/
match rtsp m|^RTSP/1\.0 \d\d\d|
)";

}  // namespace

std::optional<std::string_view> guess_service_by_port(std::uint16_t port, ProbeProtocol protocol) {
  const auto find_in = [port](const auto& table) -> std::optional<std::string_view> {
    const auto it = std::find_if(table.begin(), table.end(),
                                 [port](const PortGuess& guess) { return guess.port == port; });
    if (it == table.end()) return std::nullopt;
    return it->service;
  };
  return protocol == ProbeProtocol::tcp ? find_in(kTcpGuesses) : find_in(kUdpGuesses);
}

std::string_view builtin_service_probes_text() {
  return kBuiltinProbes;
}

ServiceProbeDatabase builtin_service_database() {
  return ServiceProbeDatabase::parse(kBuiltinProbes, "<built-in service probes>");
}

}  // namespace iotscope
