#pragma once
// A deterministic generator of realistic homes in IoT Inspector's shape A, with the behaviours
// it injected written to truth.json.
#include <cstdint>
#include <functional>
#include <string>

namespace iotscope {

struct SimulationConfig {
  std::uint64_t homes = 100;
  std::uint64_t seed = 1;
  std::string out_dir;
  std::string compression = "none";  // "none", "gzip", "zstd"
  std::string format = "csv";        // "csv", "tsv", "jsonl"
  double observation_hours = 6;
  // Rates of injected behaviours, as the fraction of homes that get one such device.
  double sweep_rate = 0.05;
  double port_scan_rate = 0.03;
  double internet_server_rate = 0.10;
  double ntp_responder_rate = 0.04;
  double plaintext_service_rate = 0.15;
  double label_rate = 0.25;  // fraction of devices the user labelled
  unsigned threads = 0;      // 0: all cores
  // Number of flow files; with parts > 1 every home lands entirely in one
  // OUT/flows-0000K-of-0000N file so readers can process the parts in parallel.
  unsigned parts = 1;
};

struct SimulationStats {
  std::uint64_t homes = 0;
  std::uint64_t devices = 0;
  std::uint64_t flow_rows = 0;
  std::uint64_t flows = 0;
  double seconds = 0;
};

using SimulationProgress = std::function<void(std::uint64_t homes_done, std::uint64_t homes)>;

// Writes OUT/devices.csv and OUT/flows.csv (extension per format and compression) and
// OUT/truth.json. Throws std::runtime_error when the output cannot be written.
SimulationStats simulate(const SimulationConfig& config, const SimulationProgress& progress = {});

}  // namespace iotscope
