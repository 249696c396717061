// `iotscope flows --no-payload` tracks connections without inspecting payload: its conn.log
// must be the inspected one's with only what payload tells left empty (service, TLS, names),
// on every real trace in tests/data and for any number of flow workers; and a batch that keeps
// no bytes must still carry every length the flow table counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "collecting_engine.hpp"
#include "conn_log_text.hpp"
#include "sources/pcap/capture_source.hpp"
#include "sources/pcap/packet_batch.hpp"
#include "test_text_files.hpp"

namespace iotscope {
namespace {

struct ConnLog {
  std::vector<std::string> rows;
  std::size_t named_services = 0;  // rows whose service payload inspection named
  std::size_t with_payload_facts = 0;
};

ConnLog conn_log_of(const std::string& trace, bool inspect_payload, unsigned threads) {
  CaptureOptions options;
  options.make_records = false;  // as `iotscope flows` reads
  options.inspect_payload = inspect_payload;
  options.threads = threads;
  testing::CollectingAggregator aggregator;
  testing::ConnLogText conn_log;
  ConnLog out;
  read_captures({trace}, options, aggregator,
                [&](const ZeekConn& conn, const InspectionResult& result) {
                  ZeekConn row = conn;
                  if (row.service) ++out.named_services;
                  if (result.tls || !result.hostname.empty()) ++out.with_payload_facts;
                  row.service.reset();
                  conn_log.writer.write(row);
                });
  conn_log.writer.close();
  for (auto& line : testing::lines_of(conn_log.log.str())) {
    if (!line.starts_with("#")) out.rows.push_back(std::move(line));
  }
  return out;
}

TEST(FlowOnlyCapture, ConnectionsAreTheInspectedOnesWithoutWhatPayloadTells) {
  const auto traces = testing::real_traces();
  ASSERT_GE(traces.size(), 40U);
  std::size_t rows = 0;
  std::size_t named = 0;
  std::size_t facts = 0;
  for (const auto& trace : traces) {
    SCOPED_TRACE(trace);
    const ConnLog inspected = conn_log_of(trace, true, 1);
    for (const unsigned threads : {1U, 2U}) {
      const ConnLog flow_only = conn_log_of(trace, false, threads);
      EXPECT_EQ(flow_only.rows, inspected.rows) << threads << " threads";
      EXPECT_EQ(flow_only.named_services, 0U);
      EXPECT_EQ(flow_only.with_payload_facts, 0U);
    }
    rows += inspected.rows.size();
    named += inspected.named_services;
    facts += inspected.with_payload_facts;
  }
  // The comparison means something only if inspection had named things to leave out.
  EXPECT_GT(rows, 100U);
  EXPECT_GT(named, rows / 2);
  EXPECT_GT(facts, 20U);
}

TEST(FlowOnlyCapture, BatchWithoutBytesKeepsEveryLength) {
  std::array<std::uint8_t, 60> frame{};
  DecodedPacket packet;
  packet.kind = PacketKind::ip;
  packet.ip_packet = std::span<const std::uint8_t>(frame).subspan(0, 60);
  packet.payload = std::span<const std::uint8_t>(frame).subspan(40, 20);
  packet.payload_length = 1400;  // the snap length cut the rest
  packet.ip_length = 1440;
  packet.wire_length = 1454;

  PacketBatch kept(true);
  PacketBatch bare(false);
  for (int i = 0; i < 3; ++i) {
    kept.add(packet, 7);
    bare.add(packet, 7);
  }
  kept.seal();
  bare.seal();
  EXPECT_EQ(kept.byte_size(), 180U);
  EXPECT_EQ(bare.byte_size(), 0U);
  ASSERT_EQ(bare.packets.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(kept.packets[i].payload.size(), 20U);
    EXPECT_NE(kept.packets[i].payload.data(), packet.payload.data());  // copied
    EXPECT_TRUE(bare.packets[i].ip_packet.empty());
    EXPECT_TRUE(bare.packets[i].payload.empty());
    EXPECT_EQ(bare.packets[i].payload_length, 1400U);
    EXPECT_EQ(bare.packets[i].ip_length, 1440U);
    EXPECT_EQ(bare.packets[i].wire_length, 1454U);
    EXPECT_EQ(bare.network_ns[i], 7);
  }
}

}  // namespace
}  // namespace iotscope
