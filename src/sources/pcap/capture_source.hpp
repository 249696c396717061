#pragma once
// Lab captures to records: capture files (merged in time order) are decoded, tracked as
// Zeek-compatible connections, inspected, and handed on as FlowRecords (one per local end, to
// the engine), DeviceRecords (local hosts by MAC, named from DHCP / mDNS / SSDP / HTTP) and
// Observations (payload facts, ARP sweeps, scan probe styles).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "flows/flow_table.hpp"
#include "model/device_record.hpp"
#include "model/observation.hpp"
#include "payload/connection_inspector.hpp"
#include "sources/input_report.hpp"
#include "sources/pcap/capture_file.hpp"
#include "sources/progress.hpp"
#include "sources/zeek/ip_network.hpp"
#include "sources/zeek/zeek_records.hpp"

namespace iotscope {

struct CaptureOptions {
  std::string home_id = "capture";  // hashed into every DeviceKey::home
  LocalNetworks local;              // default: private, link-local and loopback ranges
  FlowTableConfig flow_table;
  InspectionLimits inspection;
  bool inspect_payload = true;
  // False: connections go only to the listener (`iotscope flows`); no FlowRecords, devices or
  // observations are made, so memory stays bounded by the flow table, and the listener's
  // InspectionResults carry no PayloadFacts.
  bool make_records = true;
  // Threads tracking connections and inspecting payload (0: one per hardware thread), besides
  // the reading thread. The output is the same for any number (see flows/README.md).
  unsigned threads = 0;
  double window_seconds = 60;  // ARP and probe-style windows (the engine's scan window)
  // Bytes the read may use (0: default_memory_cap()), shared out by capture_limits()
  // (memory_cap.hpp); flow_table.max_connections still applies when it is lower.
  std::uint64_t max_memory = 0;
  std::size_t max_issues_per_file = 20;
};

struct CaptureContents {
  std::vector<DeviceRecord> devices;
  std::vector<Observation> observations;
  std::vector<InputReport> inputs;
  FlowTableStats flow_table;
  std::uint64_t packets = 0;
  std::uint64_t connections = 0;
  // What the memory cap cost (evictions, records left out) and payload that did not parse.
  std::vector<std::string> warnings;
};

// Every connection as it closes: its conn.log row (for `iotscope flows`) and what payload
// inspection learnt about it.
using ConnectionListener = std::function<void(const ZeekConn&, const InspectionResult&)>;

// Reads `paths` as one capture. Files that cannot be opened are reported in `inputs` and
// skipped; damage inside a file ends that file with an issue, keeping what came before.
CaptureContents read_captures(const std::vector<std::string>& paths, const CaptureOptions& options,
                              FlowAggregator& aggregator, const ConnectionListener& listener = {},
                              const ProgressFn& progress = {});

// The same over capture files already opened (CaptureFile::open_memory for fuzzing, say).
CaptureContents read_capture_files(std::vector<std::unique_ptr<CaptureFile>> files,
                                   const CaptureOptions& options, FlowAggregator& aggregator,
                                   const ConnectionListener& listener = {},
                                   const ProgressFn& progress = {});

// Whether a file starts like a pcap or pcapng capture (plain or compressed).
bool looks_like_capture(const std::string& path);

}  // namespace iotscope
