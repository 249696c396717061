#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "collecting_engine.hpp"
#include "sources/zeek/ip_network.hpp"
#include "sources/zeek/validation_status.hpp"
#include "sources/zeek/zeek_flow_converter.hpp"
#include "sources/zeek/zeek_log_reader.hpp"
#include "sources/zeek/zeek_logs_input.hpp"
#include "test_text_files.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

using testing::kZeekData;
const std::string kCameraMac = "00:11:22:33:44:55";
const std::string kPlugMac = "b8:27:eb:aa:bb:cc";

ZeekConversionOptions home_options() {
  ZeekConversionOptions options;
  options.home_id = "home-1";
  options.local_networks = LocalNetworks({*IpNetwork::parse("192.168.1.0/24")});
  return options;
}

DeviceKey key(const std::string& id) {
  return DeviceKey{hash_text("home-1"), hash_text(id)};
}

std::vector<FlowRecord> convert_home(ZeekFlowConverter& converter) {
  for (const auto& row : read_zeek_ssl_log(kZeekData + "home/ssl.log").rows) converter.add_ssl(row);
  std::vector<FlowRecord> flows;
  for (const auto& row : read_zeek_conn_log(kZeekData + "home/conn.log").rows) {
    const auto some = converter.convert_conn(row);
    flows.insert(flows.end(), some.begin(), some.end());
  }
  return flows;
}

TEST(ZeekConversion, ConnStateMapping) {
  for (const char* s : {"SF", "S1", "S2", "S3", "RSTO", "RSTR"})
    EXPECT_EQ(conn_state_of_zeek(s), ConnState::established) << s;
  EXPECT_EQ(conn_state_of_zeek("REJ"), ConnState::rejected);
  EXPECT_EQ(conn_state_of_zeek("S0"), ConnState::no_reply);
  for (const char* s : {"SH", "SHR", "RSTOS0", "RSTRH", "OTH"})
    EXPECT_EQ(conn_state_of_zeek(s), ConnState::partial) << s;
  EXPECT_FALSE(conn_state_of_zeek("XX").has_value());
}

TEST(ZeekConversion, FlowsFromTheDevicesView) {
  ZeekFlowConverter converter(home_options());
  const auto flows = convert_home(converter);
  // 7 conns: the plug->camera one has two local ends, the scan and the others one each.
  ASSERT_EQ(flows.size(), 8u);

  const FlowRecord& tls = flows[0];  // camera -> 52.1.2.3:443
  EXPECT_EQ(tls.device, key(kCameraMac));
  EXPECT_EQ(tls.device_port, 49152);
  EXPECT_EQ(tls.remote_ip.to_string(), "52.1.2.3");
  EXPECT_EQ(tls.remote_port, 443);
  EXPECT_EQ(tls.transport, Transport::tcp);
  EXPECT_EQ(tls.scope, PeerScope::external);
  EXPECT_EQ(tls.initiator, Initiator::device);
  EXPECT_EQ(tls.state, ConnState::established);
  EXPECT_EQ(tls.bytes_out, 1200u);  // orig_ip_bytes
  EXPECT_EQ(tls.bytes_in, 5400u);
  EXPECT_EQ(tls.packets_out, 10u);
  EXPECT_EQ(tls.packets_in, 12u);
  EXPECT_DOUBLE_EQ(tls.first_ts, 1700000000.123456);
  EXPECT_DOUBLE_EQ(tls.last_ts, 1700000002.623456);
  EXPECT_EQ(tls.app_protocol, "ssl");
  EXPECT_EQ(tls.app_how, HowKnown::payload);
  ASSERT_TRUE(tls.tls.has_value());
  EXPECT_EQ(tls.tls->version, "TLSv12");  // Zeek's spelling (TlsFacts)
  EXPECT_EQ(tls.tls->cipher, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(tls.tls->cipher_grade, "strong");
  EXPECT_EQ(tls.remote_hostname, "cloud.example.com");

  const FlowRecord& plug_side = flows[1];  // plug -> camera:554 rejected
  EXPECT_EQ(plug_side.device, key(kPlugMac));
  EXPECT_EQ(plug_side.scope, PeerScope::local_device);
  EXPECT_EQ(plug_side.peer_device, key(kCameraMac).device);
  EXPECT_EQ(plug_side.initiator, Initiator::device);
  EXPECT_EQ(plug_side.state, ConnState::rejected);
  EXPECT_EQ(plug_side.bytes_out, 60u);
  EXPECT_EQ(plug_side.bytes_in, 40u);
  const FlowRecord& camera_side = flows[2];
  EXPECT_EQ(camera_side.device, key(kCameraMac));
  EXPECT_EQ(camera_side.device_port, 554);
  EXPECT_EQ(camera_side.remote_port, 40000);
  EXPECT_EQ(camera_side.peer_device, key(kPlugMac).device);
  EXPECT_EQ(camera_side.initiator, Initiator::remote);
  EXPECT_EQ(camera_side.bytes_out, 40u);
  EXPECT_EQ(camera_side.bytes_in, 60u);
  EXPECT_FALSE(camera_side.tls.has_value());

  EXPECT_EQ(flows[3].scope, PeerScope::multicast_broadcast);  // mDNS 224.0.0.251
  EXPECT_EQ(flows[3].state, ConnState::no_reply);
  EXPECT_EQ(flows[3].transport, Transport::udp);

  const FlowRecord& scan = flows[4];  // 203.0.113.9 -> camera:8080
  EXPECT_EQ(scan.device, key(kCameraMac));
  EXPECT_EQ(scan.initiator, Initiator::remote);
  EXPECT_EQ(scan.scope, PeerScope::external);
  EXPECT_EQ(scan.state, ConnState::no_reply);
  EXPECT_EQ(scan.device_port, 8080);
  EXPECT_EQ(scan.bytes_in, 44u);
  EXPECT_EQ(scan.bytes_out, 0u);

  EXPECT_EQ(flows[5].scope, PeerScope::local_unknown);  // 10.9.9.9: private, not this home
  EXPECT_EQ(flows[5].state, ConnState::partial);
  EXPECT_EQ(flows[6].scope, PeerScope::multicast_broadcast);  // 192.168.1.255
  EXPECT_EQ(flows[7].device, key(kPlugMac));                  // DHCP from 0.0.0.0
  EXPECT_EQ(flows[7].scope, PeerScope::multicast_broadcast);
  EXPECT_EQ(flows[7].app_protocol, "dhcp");

  EXPECT_EQ(converter.stats().conns, 7u);
  EXPECT_EQ(converter.stats().flows, 8u);
  EXPECT_EQ(converter.stats().flows_with_tls, 1u);
}

TEST(ZeekConversion, DevicesAndObservations) {
  ZeekFlowConverter converter(home_options());
  convert_home(converter);
  const auto devices = converter.devices();
  ASSERT_EQ(devices.size(), 2u);
  const auto camera = std::find_if(devices.begin(), devices.end(),
                                   [](const DeviceRecord& d) { return d.mac == kCameraMac; });
  ASSERT_NE(camera, devices.end());
  EXPECT_EQ(camera->key, key(kCameraMac));
  EXPECT_EQ(camera->ip.to_string(), "192.168.1.20");
  EXPECT_EQ(camera->oui, "001122");
  EXPECT_EQ(camera->home_id, "home-1");
  EXPECT_EQ(camera->source_id, kCameraMac);
  const auto plug = std::find_if(devices.begin(), devices.end(),
                                 [](const DeviceRecord& d) { return d.mac == kPlugMac; });
  ASSERT_NE(plug, devices.end());
  EXPECT_EQ(plug->ip.to_string(), "192.168.1.30");  // not the DHCP 0.0.0.0

  const auto observations = converter.observations();
  ASSERT_EQ(observations.size(), 1u);
  const Observation& hello = observations[0];
  EXPECT_EQ(hello.kind, "tls_handshake");
  EXPECT_EQ(hello.device, key(kCameraMac));  // the MAC learnt from conn.log
  EXPECT_EQ(hello.peer.to_string(), "52.1.2.3");
  EXPECT_EQ(hello.port, 443);
  EXPECT_DOUBLE_EQ(hello.ts, 1700000000.223456);
  EXPECT_EQ(hello.fields.at("version"), "TLSv12");
  EXPECT_EQ(hello.fields.at("cipher"), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(hello.fields.at("server_name"), "cloud.example.com");
  EXPECT_EQ(hello.fields.at("established"), "true");
  EXPECT_EQ(hello.fields.at("resumed"), "false");
}

TEST(ZeekConversion, WithoutMacsTheIpIsTheDevice) {
  ZeekFlowConverter converter(ZeekConversionOptions{});  // default: private ranges are local
  const auto log = read_zeek_conn_log(kZeekData + "baselines/Teredo/core.tunnels.teredo/conn.log");
  std::vector<FlowRecord> flows;
  for (const auto& row : log.rows) {
    const auto some = converter.convert_conn(row);
    flows.insert(flows.end(), some.begin(), some.end());
  }
  const DeviceKey host{hash_text("zeek"), hash_text("192.168.2.16")};
  const DeviceKey gateway{hash_text("zeek"), hash_text("192.168.2.1")};
  // DNS to the gateway: both ends local, so two flows; the gateway answered.
  const auto dns = std::find_if(flows.begin(), flows.end(), [&](const FlowRecord& f) {
    return f.device == gateway && f.device_port == 53;
  });
  ASSERT_NE(dns, flows.end());
  EXPECT_EQ(dns->initiator, Initiator::remote);
  EXPECT_EQ(dns->scope, PeerScope::local_device);
  EXPECT_EQ(dns->peer_device, host.device);
  EXPECT_EQ(dns->bytes_out, 494u);
  EXPECT_EQ(dns->bytes_in, 122u);
  const auto devices = converter.devices();
  EXPECT_TRUE(std::any_of(devices.begin(), devices.end(),
                          [&](const DeviceRecord& d) { return d.key == host && d.mac.empty(); }));
  // 0.0.0.0 without a MAC is no device; the link-local IPv6 host is one.
  EXPECT_TRUE(std::none_of(devices.begin(), devices.end(),
                           [](const DeviceRecord& d) { return d.source_id == "0.0.0.0"; }));
  EXPECT_TRUE(std::any_of(devices.begin(), devices.end(), [](const DeviceRecord& d) {
    return d.source_id == "fe80::8000:f227:bec8:61af";
  }));
}

TEST(ZeekConversion, RefusedDevicesMakeNoFlowsAndNoDevices) {
  ZeekConversionOptions options;
  std::vector<std::pair<std::uint64_t, bool>> asked;
  const DeviceKey gateway{hash_text("zeek"), hash_text("192.168.2.1")};
  options.admit_device = [&](const DeviceKey& key, bool answered) {
    asked.emplace_back(key.device, answered);
    return key == gateway;
  };
  ZeekFlowConverter converter(options);
  const auto log = read_zeek_conn_log(kZeekData + "baselines/Teredo/core.tunnels.teredo/conn.log");
  std::vector<FlowRecord> flows;
  for (const auto& row : log.rows) {
    const auto some = converter.convert_conn(row);
    flows.insert(flows.end(), some.begin(), some.end());
  }
  ASSERT_FALSE(flows.empty());
  for (const FlowRecord& flow : flows) EXPECT_EQ(flow.device, gateway);
  const auto devices = converter.devices();
  ASSERT_EQ(devices.size(), 1U);
  EXPECT_EQ(devices.front().key, gateway);
  EXPECT_EQ(converter.stats().flows + converter.stats().flows_refused, asked.size());
  EXPECT_GT(converter.stats().flows_refused, 0U);
  // The DNS exchange with the gateway was answered (SF).
  EXPECT_TRUE(std::any_of(asked.begin(), asked.end(),
                          [&](const auto& a) { return a.first == gateway.device && a.second; }));
}

TEST(ZeekConversion, ReadZeekLogsPushesIntoTheEngine) {
  for (const std::string dir : {"home", "home-compressed"}) {
    testing::CollectingAggregator aggregator;
    ZeekLogsOptions options;
    options.conversion = home_options();
    const std::vector<std::string> paths{kZeekData + dir};
    const auto contents = read_zeek_logs(paths, options, aggregator);
    ASSERT_EQ(contents.inputs.size(), 2u) << dir;
    EXPECT_NE(contents.inputs[0].format.find("zeek-ssl/tsv"), std::string::npos);  // ssl first
    EXPECT_NE(contents.inputs[1].format.find("zeek-conn/tsv"), std::string::npos);
    EXPECT_EQ(contents.inputs[1].records, 7u);
    ASSERT_EQ(aggregator.flows.size(), 8u);
    ASSERT_TRUE(aggregator.flows[0].tls.has_value()) << dir;  // joined by uid
    EXPECT_EQ(aggregator.flows[0].tls->version, "TLSv12");
    EXPECT_EQ(contents.devices.size(), 2u);
    ASSERT_EQ(contents.observations.size(), 1u);
    EXPECT_EQ(contents.observations[0].device, key(kCameraMac));
  }
}

TEST(ZeekConversion, EmptyDirectoryIsReported) {
  testing::CollectingAggregator aggregator;
  const std::vector<std::string> paths{kZeekData + "baselines"};  // holds only subdirectories
  const auto contents = read_zeek_logs(paths, ZeekLogsOptions{}, aggregator);
  ASSERT_EQ(contents.inputs.size(), 1u);
  EXPECT_EQ(contents.inputs[0].format, "unreadable");
  EXPECT_TRUE(aggregator.flows.empty());
}

TEST(ZeekConversion, LocalNetworksAndCipherGrades) {
  std::string error;
  const std::vector<std::string> good{"10.0.0.0/8", "fd00::/8"};
  const auto networks = LocalNetworks::parse(good, error);
  ASSERT_TRUE(networks.has_value()) << error;
  EXPECT_TRUE(networks->contains(*IpAddress::parse("10.200.1.1")));
  EXPECT_FALSE(networks->contains(*IpAddress::parse("192.168.1.1")));
  EXPECT_TRUE(networks->contains(*IpAddress::parse("fd12::1")));
  EXPECT_TRUE(networks->is_group_address(*IpAddress::parse("10.255.255.255")));
  const std::vector<std::string> bad{"10.0.0.0/33"};
  EXPECT_FALSE(LocalNetworks::parse(bad, error).has_value());
  EXPECT_NE(error.find("10.0.0.0/33"), std::string::npos);

  EXPECT_EQ(self_signed_from_validation("self signed certificate"), true);
  EXPECT_EQ(self_signed_from_validation("ok"), false);
  EXPECT_FALSE(self_signed_from_validation("unable to get local issuer certificate").has_value());
}

}  // namespace
}  // namespace iotscope
