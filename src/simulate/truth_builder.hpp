#pragma once
// Derives a home's truth.json entries from the flows the generator built (so every entry is
// backed by rows) and formats them as JSON fragments, one per line.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "simulate/home.hpp"

namespace iotscope::sim {

enum TruthSection : std::size_t {
  kTruthDevices,
  kTruthPortRoles,
  kTruthExposure,
  kTruthScans,
  kTruthPlaintext,
  kTruthSectionCount,
};
inline constexpr std::array<const char*, kTruthSectionCount> kTruthSectionNames{
    "devices_truth", "port_roles", "exposure", "scans", "plaintext"};

// Thresholds a generated role must meet to be listed (docs/truth-format.md).
inline constexpr std::uint32_t kServerMinRemotePorts = 6;
inline constexpr std::uint32_t kClientMinLocalPorts = 3;
inline constexpr std::uint32_t kPeerMinFlows = 3;
inline constexpr std::uint32_t kInboundMinHosts = 3;

using TruthText = std::array<std::string, kTruthSectionCount>;

// Scratch reused across homes.
struct TruthScratch {
  struct Observation {
    std::uint16_t device;
    std::uint16_t port;
    std::uint8_t udp;
    std::uint8_t role;
    std::uint16_t other_port;
    std::uint32_t remote_ip;
    std::uint8_t scope;  // 1: local, 2: external
  };
  std::vector<Observation> observations;
};

// Appends the home's entries, each as ",\n    {...}" (the writer drops the first comma).
void append_truth(const Home& home, const HomeTraffic& traffic, TruthScratch& scratch,
                  TruthText& out);

}  // namespace iotscope::sim
