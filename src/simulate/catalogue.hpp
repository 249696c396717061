#pragma once
// What the simulated homes are made of: device models (vendor, type, real IEEE OUIs, names,
// label noise, Internet habits), the cloud names they talk to, and the local services one kind of
// device uses on another (the seeds' port profiles). See docs/simulator.md.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace iotscope::sim {

enum class Kind : std::uint8_t {
  router,
  echo,
  fire_tv,
  ring,
  google_home,
  chromecast,
  nest,
  sonos,
  hue,
  wemo,
  roku,
  printer,
  camera,
  nas,
  harmony,
  smart_tv,
  thermostat,
  phone,
  computer,
  dyson,
  wyze,
  weather,
  plug,
  generic,
};

using KindMask = std::uint32_t;
constexpr KindMask bit(Kind kind) {
  return KindMask{1} << static_cast<unsigned>(kind);
}

enum class CloudSet : std::uint8_t {
  amazon,
  google,
  apple,
  microsoft,
  samsung,
  sonos,
  philips,
  roku,
  streaming,
  printer,
  camera,
  nas,
  logitech,
  lg_vizio,
  iot,
  ring,
  wyze,
  ecobee,
  tuya,
  tplink,
  dyson,
  weather,
  count,
};

struct CloudName {
  std::string_view host;
  std::string_view domain;
  std::string_view country;
  std::uint8_t a = 0;  // first two octets of the addresses the name resolves to
  std::uint8_t b = 0;
};

// Probabilities that a device of the model uses each Internet service, and how busy it is.
struct ExternalProfile {
  double dns = 0.7;
  double dns_public = 0.1;  // share of DNS users that ask a public resolver, not the router
  double https = 0.7;
  double http = 0.4;
  double ntp = 0.3;
  double ntp_fixed_port = 0.5;  // NTP clients that send from local port 123 (peer 123<->123)
  double quic = 0.05;
  double mqtt = 0.0;
  double activity = 1.0;  // scales flow counts
  double stream = 0.0;    // probability of large streaming sessions
};

struct DeviceModel {
  Kind kind = Kind::generic;
  std::string_view vendor;  // canonical, as in truth.json
  std::string_view type;    // DeviceType report spelling
  std::string_view model;
  double weight = 1;                            // relative frequency in homes
  std::vector<std::string_view> ouis;           // real IEEE MA-L prefixes of the vendor
  std::vector<std::string_view> hostnames;      // DHCP names; '#' becomes a hex digit
  std::vector<std::string_view> label_names;    // what users type as the name
  std::vector<std::string_view> label_vendors;  // ...as the vendor (noisy spellings)
  std::vector<std::string_view> label_types;    // ...as the type
  CloudSet cloud = CloudSet::iot;
  bool high_ephemeral = false;  // ephemeral ports 49152-65535 instead of 32768-60999
  ExternalProfile ext;
};

// How a flow lasts: one or two windows, a few windows, or many windows with short gaps.
enum class Shape : std::uint8_t { brief, medium, lasting };

// Bytes per 5 s window as the initiator sees them.
struct Volume {
  std::uint32_t out_lo = 60;
  std::uint32_t out_hi = 200;
  std::uint32_t in_lo = 60;
  std::uint32_t in_hi = 200;
};

// A local service: devices of kinds `clients` use `port` on devices of kinds `servers`.
struct LocalLink {
  KindMask clients = 0;
  KindMask servers = 0;
  std::uint16_t port = 0;
  bool udp = false;
  std::uint16_t client_port = 0;  // 0: ephemeral; else a fixed source port (peer when == port)
  double flows_per_hour = 0.5;    // per (client, server) pair
  Shape shape = Shape::medium;
  Volume volume;
};

const std::vector<DeviceModel>& device_models();
std::span<const CloudName> cloud_names(CloudSet set);
const std::vector<LocalLink>& local_links();
// Public DNS resolvers (8.8.8.8, 1.1.1.1, ...) with their names.
struct Resolver {
  std::uint32_t ip;
  CloudName name;
};
std::span<const Resolver> public_resolvers();
std::span<const CloudName> ntp_servers();

}  // namespace iotscope::sim
