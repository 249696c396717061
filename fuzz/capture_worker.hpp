#pragma once
// What one capture worker does with the frames of a capture, for the capture and flow-table fuzz
// targets: decode, track connections in a small flow table (so eviction, port reuse and every
// timer happen with a few hosts), inspect payload (nDPI and our parsers), and turn each finished
// connection into its conn.log row and flow records. Every connection must make sense.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "decode/packet_decoder.hpp"
#include "flows/flow_table.hpp"
#include "payload/connection_inspector.hpp"
#include "sources/pcap/connection_to_zeek.hpp"
#include "sources/pcap/device_budget.hpp"
#include "sources/zeek/zeek_flow_converter.hpp"

namespace iotscope::fuzz {

class CaptureWorker {
 public:
  explicit CaptureWorker(int link_type)
      : decoder_(link_type, small_reassembly()),
        table_(
            small_table(), [this](const Connection& c) { on_connection(c); }, &inspector()),
        converter_(conversion_options()) {}
  CaptureWorker(const CaptureWorker&) = delete;
  CaptureWorker& operator=(const CaptureWorker&) = delete;

  void add(std::span<const std::uint8_t> frame, std::int64_t ts_ns, std::uint32_t wire_length) {
    decoder_.decode(frame, ts_ns, wire_length, packet_);
    table_.process(packet_);
  }

  // End of input: every connection still tracked is finished, so no inspection slot outlives
  // the input (the inspector is shared by all inputs).
  void finish(std::int64_t now_ns) {
    table_.advance_to(now_ns);
    table_.flush_all();
    if (table_.tracked() != 0) std::abort();
  }

 private:
  // A small device budget, so a fuzzed capture reaches the refusals too.
  ZeekConversionOptions conversion_options() {
    ZeekConversionOptions options;
    options.home_id = "fuzz";
    options.admit_device = [this](const DeviceKey& key, bool answered) {
      return devices_.admit(key, answered);
    };
    options.max_addresses = 16;
    return options;
  }

  // nDPI's module takes about half a second to set up under ASan: one per process.
  static ConnectionInspector& inspector() {
    static ConnectionInspector shared;
    return shared;
  }
  static FlowTableConfig small_table() {
    FlowTableConfig config;
    config.max_connections = 8;
    config.track_other_protocols = true;
    return config;
  }
  static FragmentLimits small_reassembly() {
    FragmentLimits limits;
    limits.max_reassemblies = 4;
    limits.max_datagram_bytes = 16384;
    return limits;
  }

  void on_connection(const Connection& c) {
    if (c.orig_payload_pkts > c.orig_pkts || c.resp_payload_pkts > c.resp_pkts) std::abort();
    const InspectionResult result = inspector().take_result();
    // One row refilled for every connection, as the capture reader does.
    fill_zeek_conn(c, result.service, LocalNetworks{}, row_);
    // Timestamps may run backwards in a capture; a row never says a connection did.
    if (row_.duration && !(*row_.duration > 0)) std::abort();
    for (const FlowRecord& flow : converter_.convert_conn(row_)) {
      if (flow.last_ts < flow.first_ts) std::abort();
    }
  }

  PacketDecoder decoder_;
  ZeekConn row_;
  FlowTable table_;
  DeviceBudget devices_{64};
  ZeekFlowConverter converter_;
  DecodedPacket packet_;
};

}  // namespace iotscope::fuzz
