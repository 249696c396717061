#include "analyses/measurement.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

PortRole role(DeviceKey device, std::uint16_t port, Transport transport, Role kind,
              const char* scope) {
  PortRole r;
  r.device = device;
  r.port = port;
  r.transport = transport;
  r.role = kind;
  r.side = kind == Role::client ? PortSide::remote : PortSide::local;
  r.scope = scope;
  r.confidence = 1;
  return r;
}

struct MeasurementFixture : ::testing::Test {
  std::vector<DeviceRecord> records{record(dev(1), "Google", DeviceType::media_tv),
                                    record(dev(2), "Google", DeviceType::media_tv),
                                    record(dev(3), "Amazon", DeviceType::voice_assistant),
                                    record(dev(4), "Amazon", DeviceType::voice_assistant),
                                    record(dev(5), "Philips", DeviceType::light)};
  Summaries s;
  std::vector<PortRole> roles;

  void SetUp() override {
    s.devices = {activity(dev(1), 10, 5), activity(dev(2), 10, 0), activity(dev(3), 10, 5),
                 activity(dev(4), 10, 5), activity(dev(5), 0, 5)};
    roles = {
        role(dev(1), 8009, Transport::tcp, Role::server, "local"),
        role(dev(2), 8009, Transport::tcp, Role::server, "local"),
        role(dev(3), 55444, Transport::tcp, Role::peer, "local"),
        role(dev(4), 55444, Transport::tcp, Role::peer, "local"),
        role(dev(1), 443, Transport::tcp, Role::client, "external"),
        role(dev(3), 443, Transport::tcp, Role::client, "external"),
        role(dev(5), 443, Transport::tcp, Role::client, "both"),
        role(dev(4), 53, Transport::udp, Role::client, "external"),
    };
  }
};

TEST_F(MeasurementFixture, PortUsageByFractionOfDevices) {
  const DeviceLookup directory(records);
  const auto m = measure(s, roles, directory, AnalysisConfig{});
  // Four devices have local traffic; two serve 8009, two peer on 55444, one uses 443 locally.
  ASSERT_EQ(m.port_usage_local.size(), 3u);
  EXPECT_EQ(m.port_usage_local[0].port, 8009);
  EXPECT_EQ(m.port_usage_local[0].service, "cast");
  EXPECT_EQ(m.port_usage_local[0].devices, 2u);
  EXPECT_DOUBLE_EQ(m.port_usage_local[0].fraction, 0.5);
  EXPECT_EQ(m.port_usage_local[1].port, 55444);
  EXPECT_EQ(m.port_usage_local[1].service, "");
  EXPECT_EQ(m.port_usage_local[2].port, 443);
  EXPECT_DOUBLE_EQ(m.port_usage_local[2].fraction, 0.25);
  // Four devices talk externally; three use 443.
  ASSERT_EQ(m.port_usage_external.size(), 2u);
  EXPECT_EQ(m.port_usage_external[0].port, 443);
  EXPECT_DOUBLE_EQ(m.port_usage_external[0].fraction, 0.75);
  EXPECT_EQ(m.port_usage_external[1].port, 53);
  EXPECT_EQ(m.port_usage_external[1].transport, Transport::udp);
  EXPECT_DOUBLE_EQ(m.port_usage_external[1].fraction, 0.25);
}

TEST_F(MeasurementFixture, SharedAndVendorSpecificPorts) {
  const DeviceLookup directory(records);
  const auto m = measure(s, roles, directory, AnalysisConfig{});
  // Ports with >= 2 devices: 443 (3 vendors), 8009 (Google), 55444 (Amazon).
  ASSERT_EQ(m.port_sharing.size(), 3u);
  EXPECT_EQ(m.port_sharing[0].port, 443);
  EXPECT_EQ(m.port_sharing[0].sharing, "shared");
  EXPECT_EQ(m.port_sharing[0].vendors, 3u);
  EXPECT_EQ(m.port_sharing[0].device_types, 3u);
  EXPECT_EQ(m.port_sharing[1].port, 8009);
  EXPECT_EQ(m.port_sharing[1].sharing, "specific");
  EXPECT_EQ(m.port_sharing[1].top_vendors, std::vector<std::string>{"Google"});
  EXPECT_EQ(m.port_sharing[2].port, 55444);
  EXPECT_EQ(m.port_sharing[2].sharing, "specific");
  EXPECT_DOUBLE_EQ(m.shared_port_fraction, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.specific_port_fraction, 2.0 / 3.0);
}

TEST_F(MeasurementFixture, ExternalCommunicationByDeviceType) {
  const DeviceLookup directory(records);
  const auto m = measure(s, roles, directory, AnalysisConfig{});
  ASSERT_EQ(m.external_by_type.size(), 3u);
  const auto& media = m.external_by_type[0];
  EXPECT_EQ(media.type, DeviceType::media_tv);
  EXPECT_EQ(media.devices, 2u);
  EXPECT_EQ(media.devices_external, 1u);
  EXPECT_DOUBLE_EQ(media.fraction, 0.5);
  const auto& voice = m.external_by_type[1];
  EXPECT_EQ(voice.type, DeviceType::voice_assistant);
  EXPECT_DOUBLE_EQ(voice.fraction, 1.0);
  ASSERT_EQ(voice.top_external_ports.size(), 2u);
  EXPECT_EQ(voice.top_external_ports[0], (std::pair<std::uint16_t, std::uint64_t>{53, 1}));
  EXPECT_EQ(m.external_by_type[2].type, DeviceType::light);
}

TEST(BytesPerFlow, CdfMedianAndP90) {
  BytesHistogram h;
  h.flows[10] = 10;  // [512, 1024)
  h.flows[11] = 10;  // [1024, 2048)
  const auto b = bytes_per_flow(h, "local");
  EXPECT_EQ(b.scope, "local");
  EXPECT_EQ(b.flows, 20u);
  ASSERT_EQ(b.cdf.size(), 2u);
  EXPECT_EQ(b.cdf[0].first, 1023u);
  EXPECT_DOUBLE_EQ(b.cdf[0].second, 0.5);
  EXPECT_EQ(b.cdf[1].first, 2047u);
  EXPECT_DOUBLE_EQ(b.cdf[1].second, 1.0);
  EXPECT_DOUBLE_EQ(b.median, 1024.0);
  EXPECT_DOUBLE_EQ(b.p90, 1024.0 + 0.8 * 1024.0);
}

// Every table of a measurement as text, to compare two measurements whole.
std::vector<std::string> tables(const Measurement& m) {
  std::vector<std::string> lines;
  for (const auto& rows : {m.port_usage_local, m.port_usage_external}) {
    for (const auto& r : rows) {
      lines.push_back(
          fmt::format("usage {} {} {} {}", r.port, to_string(r.transport), r.devices, r.fraction));
    }
  }
  for (const auto& r : m.port_sharing) {
    lines.push_back(fmt::format("sharing {} {} {} {} {} {} {}", r.port, to_string(r.transport),
                                r.devices, r.vendors, r.device_types, r.sharing,
                                fmt::join(r.top_vendors, "|")));
  }
  for (const auto& r : m.external_by_type) {
    lines.push_back(fmt::format("type {} {} {} {}", to_string(r.type), r.devices,
                                r.devices_external, fmt::join(r.top_external_ports, "|")));
  }
  lines.push_back(fmt::format("fractions {} {}", m.shared_port_fraction, m.specific_port_fraction));
  return lines;
}

TEST_F(MeasurementFixture, TalliesOfDisjointDevicesMergeIntoTheWholeMeasurement) {
  const DeviceLookup directory(records);
  const Measurement whole = measure(s, roles, directory, AnalysisConfig{});
  // Devices 1-2 and 3-5 apart, as two batches of homes would be; each port's devices span both.
  const auto part_of = [&](bool first) {
    Summaries part;
    for (const auto& a : s.devices) {
      if ((a.device.device <= 2) == first) part.devices.push_back(a);
    }
    std::vector<PortRole> part_roles;
    for (const auto& r : roles) {
      if ((r.device.device <= 2) == first) part_roles.push_back(r);
    }
    return tally_port_use(part, part_roles, directory);
  };
  PortUseTally merged = part_of(true);
  merged.merge(part_of(false));
  const Measurement joined = measure(s, merged, AnalysisConfig{});
  ASSERT_EQ(whole.port_sharing.size(), 3U);  // the comparison below has rows to compare
  EXPECT_EQ(tables(joined), tables(whole));
  // Merged the other way round: the same tables.
  PortUseTally reversed = part_of(false);
  reversed.merge(part_of(true));
  EXPECT_EQ(tables(measure(s, reversed, AnalysisConfig{})), tables(whole));
}

TEST(BytesPerFlow, ZeroByteFlowsAndEmptyHistogram) {
  BytesHistogram h;
  h.flows[0] = 3;
  h.flows[3] = 1;  // [4, 8)
  const auto b = bytes_per_flow(h, "external");
  ASSERT_EQ(b.cdf.size(), 4u);
  EXPECT_EQ(b.cdf[0].first, 0u);
  EXPECT_DOUBLE_EQ(b.cdf[0].second, 0.75);
  EXPECT_DOUBLE_EQ(b.median, 0.0);
  EXPECT_DOUBLE_EQ(b.p90, 4.0 + 0.6 * 4.0);
  const auto empty = bytes_per_flow(BytesHistogram{}, "local");
  EXPECT_EQ(empty.flows, 0u);
  EXPECT_TRUE(empty.cdf.empty());
}

}  // namespace
}  // namespace iotscope
