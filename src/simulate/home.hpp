#pragma once
// One simulated home as value types: its devices, the flows each inspected device saw (one
// entry per device perspective: a flow between two inspected devices appears twice, as IoT
// Inspector records it), and the scans injected into it.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/enums.hpp"
#include "simulate/catalogue.hpp"

namespace iotscope::sim {

inline constexpr std::uint32_t kEpoch = 1588896000;  // 2020-05-08 00:00:00 UTC
inline constexpr std::uint32_t kWindowSeconds = 5;
inline constexpr std::uint32_t kWindowsPerMinute = 60 / kWindowSeconds;
inline constexpr std::uint16_t kProbePort = 44444;

struct SimDevice {
  const DeviceModel* model = nullptr;
  std::uint8_t host = 0;      // last octet of its address in the home's /24
  std::array<char, 11> id{};  // 's' + 10 hex digits
  std::array<char, 6> oui{};  // lower-case hex
  std::string hostname;       // DHCP name, often empty
  std::string label_name, label_vendor, label_type;
  std::string ua;
  bool inspected = true;
  std::uint32_t first_seen = 0;      // devices.csv ts
  std::uint16_t next_ephemeral = 0;  // ephemeral port allocator state
  bool labelled() const {
    return !label_name.empty() || !label_vendor.empty() || !label_type.empty();
  }
};

struct Home {
  std::uint64_t index = 0;
  std::array<char, 16> key{};       // user_key
  std::uint32_t subnet = 0;         // a.b.c.0, host order
  std::uint8_t inspector_host = 0;  // the laptop running IoT Inspector (not a listed device)
  std::vector<SimDevice> devices;   // devices[0] is the router (x.x.x.1), not inspected
  std::uint32_t ip_of(std::size_t device) const { return subnet | devices[device].host; }
};

enum class NameKind : std::uint8_t { empty, local_network, cloud };
// What the generator knows about a flow's role for its device, to derive truth.json.
enum class RoleHint : std::uint8_t { none, client, server, peer };

struct Flow {
  std::uint64_t seed = 0;  // per-window volumes; shared by both perspectives
  std::uint32_t remote_ip = 0;
  std::uint32_t window_begin = 0;  // into HomeTraffic::windows
  std::uint32_t window_count = 0;
  Volume volume;  // initiator's view of bytes per window
  const CloudName* name = nullptr;
  std::uint16_t device = 0;
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  std::int16_t peer = -1;  // device index of a local peer
  bool udp = false;
  bool responder = false;   // the device answered: swap the volume's directions
  bool name_guess = false;  // trailing '?'
  bool probe = false;       // IoT Inspector's own SYN probe (remote port 44444)
  char syn = 0;             // 'l', 'r' or 0 (not seen / UDP)
  NameKind name_kind = NameKind::empty;
  RoleHint role = RoleHint::none;
  PeerScope scope = PeerScope::external;
};

struct InjectedScan {
  std::uint16_t scanner = 0;
  bool port_scan = false;
  std::vector<std::uint32_t> targets;  // host order
  std::vector<std::uint16_t> ports;
  std::uint32_t first_window = 0;
  std::uint32_t last_window = 0;
};

struct HomeTraffic {
  std::vector<Flow> flows;
  std::vector<std::uint32_t> windows;  // window numbers since kEpoch, per flow contiguous
  std::vector<InjectedScan> scans;
  void clear() {
    flows.clear();
    windows.clear();
    scans.clear();
  }
};

}  // namespace iotscope::sim
