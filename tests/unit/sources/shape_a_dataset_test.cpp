#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "dataset_test_support.hpp"

namespace iotscope::testing {
namespace {

const std::string kHome1 = "HOMEAAAAAAAAAAA1";
const std::string kHome2 = "HOMEBBBBBBBBBBB2";

FlowRecord flow(const std::string& home, const std::string& device, std::uint16_t device_port,
                const std::string& remote, std::uint16_t remote_port, Transport transport) {
  FlowRecord f;
  f.device = DeviceKey{h(home), h(device)};
  f.device_port = device_port;
  f.remote_ip = *IpAddress::parse(remote);
  f.remote_port = remote_port;
  f.transport = transport;
  return f;
}

FlowRecord with(FlowRecord f, double first, double last, std::uint64_t in, std::uint64_t out,
                std::uint64_t pin, std::uint64_t pout, std::uint32_t windows) {
  f.first_ts = first;
  f.last_ts = last;
  f.bytes_in = in;
  f.bytes_out = out;
  f.packets_in = pin;
  f.packets_out = pout;
  f.windows = windows;
  return f;
}

// The flows of the shape_a fixture, worked out by hand from flows.csv.
std::vector<FlowRecord> expected_shape_a_flows() {
  std::vector<FlowRecord> out;
  auto a = with(flow(kHome1, "s0000000001", 50000, "52.1.2.3", 443, Transport::tcp), 1000, 1030,
                301, 71, 6, 3, 3);  // 1000, 1005.5 and the out-of-order 1030 merge
  a.initiator = Initiator::device;
  a.remote_hostname = "api.wyze.com";
  out.push_back(a);
  // 1200 is 170 s after 1030: a new flow of the same key.
  out.push_back(with(flow(kHome1, "s0000000001", 50000, "52.1.2.3", 443, Transport::tcp), 1200,
                     1200, 10, 5, 1, 1, 1));
  auto c = with(flow(kHome1, "s0000000001", 50001, "52.1.2.3", 443, Transport::tcp), 1001, 1001, 7,
                3, 1, 1, 1);
  c.initiator = Initiator::device;
  out.push_back(c);
  auto d = with(flow(kHome1, "s0000000001", 40000, "192.168.1.11", 8080, Transport::tcp), 1010,
                1010, 11, 22, 1, 2, 1);
  d.scope = PeerScope::local_device;
  d.peer_device = h("s0000000002");
  d.initiator = Initiator::remote;
  out.push_back(d);
  auto e = with(flow(kHome1, "s0000000002", 1900, "239.255.255.250", 1900, Transport::udp), 1010,
                1010, 0, 300, 0, 1, 1);
  e.scope = PeerScope::multicast_broadcast;
  out.push_back(e);
  auto f = with(flow(kHome1, "s0000000002", 41000, "192.168.1.77", 80, Transport::tcp), 1011, 1011,
                5, 6, 1, 1, 1);
  f.scope = PeerScope::local_unknown;
  f.initiator = Initiator::device;
  out.push_back(f);
  auto g = with(flow(kHome1, "s0000000002", 41001, "8.8.4.4", 53, Transport::udp), 1012, 1012, 60,
                40, 1, 1, 1);
  g.scope = PeerScope::local_unknown;  // named "(Local Network)"
  out.push_back(g);
  auto i = with(flow(kHome2, "s0000000003", 123, "216.239.35.0", 123, Transport::udp), 1020, 1020,
                48, 48, 1, 1, 1);
  i.remote_hostname = "time.google.com";  // the '?' of an inferred name is dropped
  out.push_back(i);
  auto j = with(flow(kHome2, "s0000000003", 42000, "192.168.1.11", 443, Transport::tcp), 1021, 1021,
                9, 9, 1, 1, 1);
  j.scope = PeerScope::local_unknown;  // .11 is a device of the other home only
  j.initiator = Initiator::device;
  out.push_back(j);
  auto k = with(flow(kHome1, "s00000000ff", 42001, "1.1.1.1", 53, Transport::udp), 1015, 1015, 70,
                30, 1, 1, 1);
  k.remote_hostname = "one.one.one.one";
  out.push_back(k);
  CollectingEngine sorter;
  sorter.flows = out;
  return sorter.sorted_flows();
}

std::vector<std::string> fixture(const std::string& dir, const std::string& devices,
                                 const std::string& flows) {
  return {kFixtures + "shape_a/" + dir + "/" + devices, kFixtures + "shape_a/" + dir + "/" + flows};
}

TEST(ShapeADataset, CsvFlowsAreAssembledAndResolvedExactly) {
  const auto paths = fixture("csv", "devices.csv", "flows.csv");
  const auto result = read_dataset(paths);
  EXPECT_EQ(describe_all(result.flows), describe_all(expected_shape_a_flows()));

  ASSERT_EQ(result.contents.inputs.size(), 2U);
  const auto& devices = result.contents.inputs[0];
  EXPECT_EQ(devices.format, "iotinspector-v1-devices/csv");
  EXPECT_EQ(devices.records, 3U);
  EXPECT_TRUE(devices.issues.empty());
  const auto& flows = result.contents.inputs[1];
  EXPECT_EQ(flows.format, "iotinspector-v1-flows/csv");
  EXPECT_EQ(flows.records, 12U);
  EXPECT_EQ(flows.dropped, 1U);  // the remote port 44444 probe
  EXPECT_EQ(flows.skipped, 0U);
  EXPECT_EQ(issue_texts(flows),
            std::vector<std::string>{paths[1] +
                                     ": 1 devices appear in flows but in no devices table (first: "
                                     "home HOMEAAAAAAAAAAA1, device s00000000ff); they get "
                                     "records without labels"});
}

TEST(ShapeADataset, DeviceRowsBecomeRecordsAndUnlistedDevicesAreAdded) {
  const auto result = read_dataset(fixture("csv", "devices.csv", "flows.csv"));
  const auto& devices = result.contents.devices;
  ASSERT_EQ(devices.size(), 4U);
  const DeviceRecord& cam = devices[0];
  EXPECT_EQ(cam.key, (DeviceKey{h(kHome1), h("s0000000001")}));
  EXPECT_EQ(cam.home_id, kHome1);
  EXPECT_EQ(cam.source_id, "s0000000001");
  EXPECT_EQ(cam.ip.to_string(), "192.168.1.10");
  EXPECT_EQ(cam.oui, "B827EB");
  EXPECT_EQ(cam.labels.name, "Front door, \"cam\"");
  EXPECT_EQ(cam.labels.vendor, "Wyze");
  EXPECT_EQ(cam.labels.type, "camera");
  EXPECT_EQ(cam.learnt_names, std::vector<std::string>{"cam-01"});
  EXPECT_TRUE(cam.inspected);
  EXPECT_TRUE(devices[1].inspected);  // "True"
  EXPECT_EQ(devices[2].oui, "001788");
  EXPECT_FALSE(devices[2].inspected);
  EXPECT_TRUE(devices[2].labels.empty());
  EXPECT_TRUE(devices[2].learnt_names.empty());
  const DeviceRecord& unlisted = devices[3];
  EXPECT_EQ(unlisted.key, (DeviceKey{h(kHome1), h("s00000000ff")}));
  EXPECT_EQ(unlisted.home_id, kHome1);
  EXPECT_EQ(unlisted.source_id, "s00000000ff");
  EXPECT_TRUE(unlisted.ip.is_unset());
}

TEST(ShapeADataset, EveryFormatAndCompressionGivesTheSameFlows) {
  const auto expected = describe_all(expected_shape_a_flows());
  struct Case {
    std::string dir, devices, flows, devices_format, flows_format;
  };
  const std::vector<Case> cases = {
      {"tsv", "devices.tsv", "flows.tsv", "iotinspector-v1-devices/tsv",
       "iotinspector-v1-flows/tsv"},
      {"jsonl", "devices.jsonl", "flows.jsonl", "iotinspector-v1-devices/jsonl",
       "iotinspector-v1-flows/jsonl"},
      {"gzip", "devices.csv", "flows.csv.gz", "iotinspector-v1-devices/csv",
       "iotinspector-v1-flows/csv+gzip"},
      {"zstd", "devices.csv", "flows.csv.zst", "iotinspector-v1-devices/csv",
       "iotinspector-v1-flows/csv+zstd"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.dir);
    const auto result = read_dataset(fixture(c.dir, c.devices, c.flows));
    EXPECT_EQ(describe_all(result.flows), expected);
    EXPECT_EQ(result.contents.inputs[0].format, c.devices_format);
    EXPECT_EQ(result.contents.inputs[1].format, c.flows_format);
    EXPECT_EQ(result.contents.inputs[1].records, 12U);
    EXPECT_EQ(result.contents.inputs[1].dropped, 1U);
    EXPECT_EQ(result.contents.devices.size(), 4U);
    EXPECT_EQ(result.contents.devices[0].labels.name, "Front door, \"cam\"");
  }
}

TEST(ShapeADataset, FileOrderDoesNotMatterDevicesAreReadFirst) {
  const auto paths = fixture("csv", "devices.csv", "flows.csv");
  const auto result = read_dataset({paths[1], paths[0]});
  EXPECT_EQ(describe_all(result.flows), describe_all(expected_shape_a_flows()));
  EXPECT_EQ(result.contents.inputs[0].path, paths[1]);
  EXPECT_EQ(result.contents.inputs[0].format, "iotinspector-v1-flows/csv");
}

TEST(ShapeADataset, GapSplitsFlowsAtTheConfiguredThreshold) {
  const auto paths = fixture("csv", "devices.csv", "flows.csv");
  // With a 200 s gap, the 1200 window joins the 1000..1030 flow (170 s after it).
  const auto result = read_dataset(paths, 1, 0, 200);
  const auto key = flow(kHome1, "s0000000001", 50000, "52.1.2.3", 443, Transport::tcp);
  std::vector<FlowRecord> of_key;
  for (const auto& f : result.flows)
    if (f.device == key.device && f.device_port == 50000) of_key.push_back(f);
  ASSERT_EQ(of_key.size(), 1U);
  EXPECT_EQ(of_key[0].first_ts, 1000);
  EXPECT_EQ(of_key[0].last_ts, 1200);
  EXPECT_EQ(of_key[0].windows, 4U);
  EXPECT_EQ(of_key[0].bytes_in, 311U);
  // With a 5 s gap, 1000 and 1005.5 no longer meet.
  const auto tight = read_dataset(paths, 1, 0, 5);
  std::size_t count = 0;
  for (const auto& f : tight.flows)
    if (f.device == key.device && f.device_port == 50000) ++count;
  EXPECT_EQ(count, 4U);
}

// Exports repeat device rows. The first row of a device wins, later rows (in the same table or a
// later one) only fill what it left empty, and devices keep the order of their first rows; read
// in chunks of a few rows, so that the device list is sized from the first chunk.
TEST(ShapeADataset, RepeatedDeviceRowsKeepTheFirstAndFillItsGaps) {
  TempDir dir("repeated-devices");
  const std::string header =
      "user_key,device_id,device_ip,device_oui,dhcp_hostname,device_name,device_vendor,"
      "device_type,ua_list,suspected_pc,is_inspected,ts\n";
  const auto first = dir.file(
      "devices-1.csv",
      header + kHome1 + ",s0000000001,192.168.1.10,,,,,,,0,0,1556668800\n" + kHome1 +
          ",s0000000002,192.168.1.11,fca183,echo-dot,Echo Dot,Amazon,voice assistant,,0,1,"
          "1556668800\n" +
          kHome1 +
          ",s0000000001,192.168.1.99,b827eb,cam-01,Front door,Wyze,camera,,0,1,1556668801\n" +
          kHome2 + ",s0000000003,192.168.1.10,001788,,,,,,0,0,1556668800\n");
  const auto second = dir.file(
      "devices-2.csv", header + kHome1 + ",s0000000001,,,cam-02,Back door,,,,0,0,1556668802\n" +
                           kHome2 + ",s0000000004,192.168.1.12,,,,,,,0,1,1556668800\n" + kHome1 +
                           ",s0000000002,,,echo-dot,,,,,0,0,1556668802\n");
  for (const std::size_t chunk_bytes : {std::size_t{0}, std::size_t{64}}) {
    SCOPED_TRACE(chunk_bytes);
    const auto result = read_dataset({first, second}, 1, chunk_bytes);
    EXPECT_EQ(result.contents.inputs[0].records, 4U);
    EXPECT_EQ(result.contents.inputs[1].records, 3U);
    const auto& devices = result.contents.devices;
    ASSERT_EQ(devices.size(), 4U);
    EXPECT_EQ(devices[0].key, (DeviceKey{h(kHome1), h("s0000000001")}));
    EXPECT_EQ(devices[1].key, (DeviceKey{h(kHome1), h("s0000000002")}));
    EXPECT_EQ(devices[2].key, (DeviceKey{h(kHome2), h("s0000000003")}));
    EXPECT_EQ(devices[3].key, (DeviceKey{h(kHome2), h("s0000000004")}));
    const DeviceRecord& cam = devices[0];
    EXPECT_EQ(cam.ip.to_string(), "192.168.1.10");  // the first row's address
    EXPECT_EQ(cam.oui, "B827EB");                   // filled by the later rows
    EXPECT_EQ(cam.labels.name, "Front door");
    EXPECT_EQ(cam.labels.vendor, "Wyze");
    EXPECT_EQ(cam.labels.type, "camera");
    EXPECT_EQ(cam.learnt_names, (std::vector<std::string>{"cam-01", "cam-02"}));
    EXPECT_TRUE(cam.inspected);
    EXPECT_EQ(devices[1].learnt_names, std::vector<std::string>{"echo-dot"});
    EXPECT_EQ(devices[1].labels.name, "Echo Dot");
    EXPECT_TRUE(devices[3].inspected);
    EXPECT_EQ(devices[3].ip.to_string(), "192.168.1.12");
  }
}

}  // namespace
}  // namespace iotscope::testing
