// libFuzzer target for what probed devices answer: the first byte picks the reader (SNMP
// replies, the UDP service replies of each probed port, UPnP device descriptions, probe result
// lines), the rest is the answer. Devices under test are strangers' code: any bytes must give a
// value or nothing, never a crash or an overread (ASan + UBSan are on in fuzz builds).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "probe/printable_text.hpp"
#include "probe/snmp_get.hpp"
#include "probe/udp_service_probes.hpp"
#include "probe/upnp_device_description.hpp"

namespace {

constexpr std::array<std::uint16_t, 6> kUdpPorts{1900, 5353, 161, 123, 5683, 9999};

void describe_replies(std::uint16_t port, std::string_view body) {
  // Up to three replies, split at the first two 0xff bytes: NTP sends several.
  std::vector<std::string> replies;
  while (replies.size() < 2) {
    const auto cut = body.find('\xff');
    if (cut == std::string_view::npos) break;
    replies.emplace_back(body.substr(0, cut));
    body.remove_prefix(cut + 1);
  }
  replies.emplace_back(body);
  iotscope::ServiceOffer offer;
  offer.port = port;
  offer.transport = iotscope::Transport::udp;
  std::vector<iotscope::Observation> observations;
  iotscope::describe_udp_replies(port, replies, offer, observations);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      (void)iotscope::parse_snmp_reply(body);
      break;
    case 1:
      describe_replies(kUdpPorts[(data[0] / 4) % kUdpPorts.size()], body);
      break;
    case 2:
      (void)iotscope::parse_upnp_device_description(body);
      break;
    default:
      (void)iotscope::printable_escaped(body, 64);  // banners as reports print them
      break;
  }
  return 0;
}
