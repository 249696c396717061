#include <gtest/gtest.h>
#include <unistd.h>

#include "dataset_test_support.hpp"

namespace iotscope::testing {
namespace {

const std::string kGateway = "aa:aa:aa:00:00:01";

FlowRecord b_flow(const std::string& home, const std::string& mac, std::uint16_t device_port,
                  const std::string& remote, std::uint16_t remote_port, Transport transport,
                  double first, double last) {
  FlowRecord f;
  f.device = DeviceKey{h(home), h(mac)};
  f.device_port = device_port;
  f.remote_ip = *IpAddress::parse(remote);
  f.remote_port = remote_port;
  f.transport = transport;
  f.first_ts = first;
  f.last_ts = last;
  return f;
}

std::vector<std::string> shape_b_paths() {
  return {kFixtures + "shape_b/home1/network_flows.csv", kFixtures + "shape_b/home1/devices.csv",
          kFixtures + "shape_b/home2/devices.jsonl",
          kFixtures + "shape_b/home2/network_flows.jsonl.gz"};
}

TEST(ShapeBDataset, RowsAreOrientedAroundEachInspectedDevice) {
  const auto result = read_dataset(shape_b_paths());
  std::vector<FlowRecord> expected;
  // Rows 2000 (device sends) and 2001 (device receives) are one flow of device 2.
  auto a =
      b_flow(kGateway, "aa:aa:aa:00:00:02", 40000, "54.1.1.1", 443, Transport::tcp, 2000, 2001);
  a.bytes_out = 500;
  a.packets_out = 5;
  a.bytes_in = 1500;
  a.packets_in = 3;
  a.windows = 2;
  a.remote_hostname = "alexa.amazon.com";
  expected.push_back(a);
  // Row 2002 runs between two inspected devices: it belongs to both.
  auto b =
      b_flow(kGateway, "aa:aa:aa:00:00:02", 50000, "192.168.0.3", 8009, Transport::tcp, 2002, 2002);
  b.bytes_out = 100;
  b.packets_out = 1;
  b.scope = PeerScope::local_device;
  b.peer_device = h("aa:aa:aa:00:00:03");
  expected.push_back(b);
  auto c =
      b_flow(kGateway, "aa:aa:aa:00:00:03", 8009, "192.168.0.2", 50000, Transport::tcp, 2002, 2002);
  c.bytes_in = 100;
  c.packets_in = 1;
  c.scope = PeerScope::local_device;
  c.peer_device = h("aa:aa:aa:00:00:02");
  expected.push_back(c);
  auto d = b_flow(kGateway, "aa:aa:aa:00:00:03", 1900, "239.255.255.250", 1900, Transport::udp,
                  2004, 2004);
  d.bytes_out = 300;
  d.packets_out = 1;
  d.scope = PeerScope::multicast_broadcast;
  expected.push_back(d);
  // home2 marks no gateway: its home id is the directory name.
  auto e =
      b_flow("home2", "bb:bb:bb:00:00:01", 43000, "142.250.1.1", 443, Transport::tcp, 3000.5, 3010);
  e.bytes_out = 1000;
  e.packets_out = 10;
  e.bytes_in = 2000;
  e.packets_in = 20;
  e.windows = 2;
  e.remote_hostname = "googleapis.com";
  expected.push_back(e);
  CollectingEngine sorter;
  sorter.flows = expected;
  EXPECT_EQ(describe_all(result.flows), describe_all(sorter.sorted_flows()));

  const auto& inputs = result.contents.inputs;
  ASSERT_EQ(inputs.size(), 4U);
  EXPECT_EQ(inputs[0].format, "iotinspector-v3-network_flows/csv");
  EXPECT_EQ(inputs[0].records, 4U);
  EXPECT_EQ(inputs[0].dropped, 1U);  // 2003: neither end is an inspected device
  EXPECT_TRUE(inputs[0].issues.empty());
  EXPECT_EQ(inputs[1].format, "iotinspector-v3-devices/csv");
  EXPECT_EQ(inputs[1].records, 4U);
  EXPECT_EQ(inputs[2].format, "iotinspector-v3-devices/jsonl");
  EXPECT_EQ(inputs[3].format, "iotinspector-v3-network_flows/jsonl+gzip");
  EXPECT_EQ(inputs[3].records, 2U);
}

TEST(ShapeBDataset, DevicesCarryMacMetadataAndTheirHome) {
  const auto result = read_dataset(shape_b_paths());
  const auto& devices = result.contents.devices;
  ASSERT_EQ(devices.size(), 5U);
  const DeviceRecord& gateway = devices[0];
  EXPECT_EQ(gateway.key, (DeviceKey{h(kGateway), h(kGateway)}));
  EXPECT_EQ(gateway.home_id, kGateway);
  EXPECT_TRUE(gateway.is_gateway);
  EXPECT_FALSE(gateway.inspected);
  EXPECT_EQ(gateway.oui_vendor, "Netgear");
  const DeviceRecord& echo = devices[1];
  EXPECT_EQ(echo.mac, "aa:aa:aa:00:00:02");  // written AA-AA-AA-00-00-02
  EXPECT_EQ(echo.source_id, "aa:aa:aa:00:00:02");
  EXPECT_EQ(echo.oui, "AAAAAA");
  EXPECT_EQ(echo.ip.to_string(), "192.168.0.2");
  EXPECT_EQ(echo.oui_vendor, "Amazon Technologies Inc.");
  EXPECT_EQ(echo.learnt_names, (std::vector<std::string>{"echo-show", "Kitchen Echo"}));
  EXPECT_TRUE(echo.inspected);
  EXPECT_FALSE(devices[3].inspected);
  const DeviceRecord& google = devices[4];
  EXPECT_EQ(google.home_id, "home2");
  EXPECT_EQ(google.key, (DeviceKey{h("home2"), h("bb:bb:bb:00:00:01")}));
  EXPECT_EQ(google.oui_vendor, "Google, Inc.");
}

TEST(ShapeBDataset, WithoutADevicesTableLocalEndsAreTakenAsDevices) {
  TempDir dir("shapeb-nodev");
  const auto path = dir.file(
      "network_flows.csv",
      "timestamp,src_ip_address,dest_ip_address,src_hostname,dest_hostname,src_mac_address,"
      "dest_mac_address,src_port,dest_port,protocol,byte_count,packet_count\n"
      "10,192.168.5.9,1.2.3.4,,,02:00:00:00:00:09,02:00:00:00:00:01,5000,443,tcp,10,1\n");
  const auto result = read_dataset({path});
  ASSERT_EQ(result.flows.size(), 1U);
  const std::string home = std::filesystem::path(path).parent_path().filename().string();
  EXPECT_EQ(result.flows[0].device, (DeviceKey{h(home), h("02:00:00:00:00:09")}));
  ASSERT_EQ(result.contents.devices.size(), 1U);
  EXPECT_EQ(result.contents.devices[0].mac, "02:00:00:00:00:09");
  EXPECT_EQ(result.contents.devices[0].home_id, home);
  ASSERT_EQ(result.contents.inputs[0].issues.size(), 1U);
  EXPECT_EQ(result.contents.inputs[0].issues[0].message,
            "1 devices appear in flows but in no devices table (first: home " + home +
                ", device 02:00:00:00:00:09); they get records without labels");
}

}  // namespace
}  // namespace iotscope::testing
