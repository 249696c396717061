#include "simulate/home_builder.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace iotscope::sim {
namespace {

constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kHex = "0123456789abcdef";

// Home networks number their /24 in a handful of ways (router defaults).
constexpr std::array<std::uint32_t, 9> kSubnets{
    0xC0A80100u,  // 192.168.1.0
    0xC0A80000u,  // 192.168.0.0
    0xC0A80100u,  // 192.168.1.0 again: the most common default
    0x0A000000u,  // 10.0.0.0
    0x0A000100u,  // 10.0.1.0
    0xC0A85600u,  // 192.168.86.0 (Google Wifi)
    0xC0A84400u,  // 192.168.68.0 (TP-Link Deco)
    0xC0A8B200u,  // 192.168.178.0 (FRITZ!Box)
    0xAC100000u,  // 172.16.0.0
};

constexpr std::array<std::string_view, 3> kUserAgents{
    "Roku/DVP-9.10 (519.10E04111A)",
    "Dalvik/2.1.0 (Linux; U; Android 10; SM-G973U Build/QP1A.190711.020)",
    "AppleCoreMedia/1.0.0.17E262 (iPhone; U; CPU OS 13_4_1 like Mac OS X; en_us)",
};

std::string_view pick(const std::vector<std::string_view>& items, Rng& rng) {
  return items.empty() ? std::string_view{}
                       : items[rng.below(static_cast<std::uint32_t>(items.size()))];
}

std::string expand_hostname(std::string_view pattern, Rng& rng) {
  std::string name(pattern);
  for (char& c : name) {
    if (c == '#') c = kHex[rng.below(16)];
  }
  return name;
}

std::size_t device_count(Rng& rng) {
  // Log-normal around the seeds' median of 19 devices per home.
  const double n = std::exp(std::log(19.0) + 0.42 * rng.normal());
  return static_cast<std::size_t>(std::clamp(std::lround(n), 5L, 45L));
}

const DeviceModel* pick_model(Rng& rng) {
  const auto& models = device_models();
  double total = 0;
  for (const auto& m : models) total += m.weight;
  double x = rng.uniform() * total;
  for (const auto& m : models) {
    x -= m.weight;
    if (x < 0 && m.weight > 0) return &m;
  }
  return &models.back();
}

const DeviceModel* pick_router(Rng& rng) {
  const auto& models = device_models();
  std::vector<const DeviceModel*> routers;
  for (const auto& m : models) {
    if (m.kind == Kind::router) routers.push_back(&m);
  }
  return routers[rng.below(static_cast<std::uint32_t>(routers.size()))];
}

// Users who label a device type a name most of the time, a vendor often, a type sometimes;
// a few pick a wrong type.
void label_device(SimDevice& device, Rng& rng) {
  const DeviceModel& m = *device.model;
  const double which = rng.uniform();
  if (which < 0.85) device.label_name = pick(m.label_names, rng);
  if (which > 0.3) device.label_vendor = pick(m.label_vendors, rng);
  if (rng.chance(0.55)) {
    if (rng.chance(0.1)) {
      static constexpr std::array<std::string_view, 5> kWrong{"camera", "TV", "speaker", "phone",
                                                              "other"};
      device.label_type = kWrong[rng.below(kWrong.size())];
    } else {
      device.label_type = pick(m.label_types, rng);
    }
  }
  if (!device.labelled()) device.label_name = pick(m.label_names, rng);
}

void fill_identity(SimDevice& device, Rng& rng) {
  device.id[0] = 's';
  for (std::size_t i = 1; i < device.id.size(); ++i) device.id[i] = kHex[rng.below(16)];
  const std::string_view oui = pick(device.model->ouis, rng);
  for (std::size_t i = 0; i < device.oui.size(); ++i) {
    const char c = oui[i];
    device.oui[i] = (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (rng.chance(0.45)) device.hostname = expand_hostname(pick(device.model->hostnames, rng), rng);
  const Kind kind = device.model->kind;
  if ((kind == Kind::roku || kind == Kind::phone) && rng.chance(0.3)) {
    device.ua = kUserAgents[kind == Kind::roku ? 0 : 1 + rng.below(2)];
  }
  const bool high = device.model->high_ephemeral;
  device.next_ephemeral =
      static_cast<std::uint16_t>(high ? rng.between(49152, 65535) : rng.between(32768, 60999));
}

}  // namespace

void build_home(std::uint64_t index, double label_rate, Rng& rng, Home& home) {
  home.index = index;
  for (char& c : home.key) c = kAlnum[rng.below(static_cast<std::uint32_t>(kAlnum.size()))];
  home.subnet = kSubnets[rng.below(kSubnets.size())];
  home.devices.clear();
  const std::size_t count = device_count(rng);

  // Distinct host octets 2..250 (DHCP pools), the router at .1, the inspector laptop elsewhere.
  std::array<bool, 256> used{};
  used[0] = used[1] = used[255] = true;
  auto free_host = [&]() {
    std::uint8_t host = 0;
    do {
      host = static_cast<std::uint8_t>(rng.between(2, 250));
    } while (used[host]);
    used[host] = true;
    return host;
  };

  SimDevice router;
  router.model = pick_router(rng);
  router.host = 1;
  router.inspected = false;
  fill_identity(router, rng);
  home.devices.push_back(std::move(router));

  const std::uint32_t first_seen = kEpoch + rng.below(120);
  for (std::size_t i = 1; i < count; ++i) {
    SimDevice device;
    device.model = pick_model(rng);
    device.host = free_host();
    fill_identity(device, rng);
    home.devices.push_back(std::move(device));
  }
  home.inspector_host = free_host();
  // Label exactly round(rate * n) devices on average: each device independently.
  for (auto& device : home.devices) {
    device.first_seen = first_seen + rng.below(60);
    if (rng.chance(label_rate)) label_device(device, rng);
  }
}

}  // namespace iotscope::sim
