#include <gtest/gtest.h>

#include "analyses/evidence.hpp"
#include "analyses/mapping_exposure.hpp"
#include "analyses/payload_encryption.hpp"
#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

TEST(PayloadEncryption, TlsHandshakeOverridesThePortGuessWithTheWeakestSeen) {
  std::vector<EncryptionEntry> entries(1);
  entries[0].device = dev(1);
  entries[0].port = 8443;
  entries[0].how_known = HowKnown::port;
  entries[0].flows = 7;
  const std::map<std::string, std::string> strong{{"transport", "tcp"},
                                                  {"peer_scope", "external"},
                                                  {"version", "TLSv13"},
                                                  {"cipher", "TLS_AES_128_GCM_SHA256"},
                                                  {"cipher_grade", "strong"}};
  auto weak = strong;
  weak["version"] = "TLSv10";
  weak["cipher"] = "TLS_RSA_WITH_RC4_128_SHA";
  weak["cipher_grade"] = "insecure";
  weak["self_signed"] = "true";
  apply_payload_encryption(
      {fact(dev(1), "tls_handshake", 8443, strong), fact(dev(1), "tls_handshake", 8443, weak)},
      entries);
  ASSERT_EQ(entries.size(), 1U);
  const auto& e = entries[0];
  EXPECT_EQ(e.status, EncryptionStatus::encrypted);
  EXPECT_EQ(e.how_known, HowKnown::payload);
  EXPECT_EQ(e.tls_version(), "TLSv10");
  EXPECT_EQ(e.cipher_grade(), "insecure");
  EXPECT_EQ(e.cipher(), "TLS_RSA_WITH_RC4_128_SHA");
  EXPECT_EQ(e.self_signed, std::optional<bool>(true));
  EXPECT_EQ(e.flows, 7U);
}

TEST(PayloadEncryption, CleartextLoginAddsAServiceWithCredentialsInClear) {
  std::vector<EncryptionEntry> entries;
  apply_payload_encryption(
      {fact(dev(2), "mqtt_connect", 1883,
            {{"transport", "tcp"},
             {"peer_scope", "local_device"},
             {"peer_device", "9"},
             {"password_present", "true"}}),
       fact(dev(2), "tls_handshake", 443, {{"transport", "tcp"}, {"established", "false"}})},
      entries);
  ASSERT_EQ(entries.size(), 2U);  // the handshake without a version still names a service
  const auto& mqtt = entries[1].port == 1883 ? entries[1] : entries[0];
  EXPECT_EQ(mqtt.status, EncryptionStatus::plaintext);
  EXPECT_EQ(mqtt.how_known, HowKnown::payload);
  EXPECT_EQ(mqtt.peer_scope, PeerScope::local_device);
  EXPECT_EQ(mqtt.peer_device, 9U);
  EXPECT_EQ(mqtt.credentials_in_clear, std::optional<bool>(true));
  EXPECT_EQ(mqtt.service, "mqtt");
}

TEST(MappingExposure, UpnpAddPortMappingNamesTheDeviceThatAsked) {
  const auto found = find_mapping_exposure(
      {fact(dev(3), "upnp_add_port_mapping", 5000,
            {{"external_port", "8080"},
             {"internal_port", "80"},
             {"internal_client", "192.168.1.23"},
             {"protocol", "TCP"},
             {"lease", "0"}}),
       fact(dev(3), "upnp_add_port_mapping", 5000,  // a renewal: the same hole
            {{"external_port", "8080"}, {"internal_port", "80"}, {"protocol", "TCP"}})});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].device, dev(3));
  EXPECT_EQ(found[0].kind, "upnp_mapping");
  EXPECT_EQ(found[0].port, 8080);
  EXPECT_EQ(found[0].transport, Transport::tcp);
  EXPECT_EQ(found[0].service, "http");
  EXPECT_EQ(evidence_int(found[0].evidence, "internal_port"), 80);
}

TEST(MappingExposure, RefusedOrDeletedMappingsAreNoHoles) {
  const auto found = find_mapping_exposure(
      {fact(dev(4), "natpmp_mapping", 5351,
            {{"external_port", "9000"}, {"protocol", "UDP"}, {"lifetime", "0"}}),
       fact(dev(4), "pcp_mapping", 5351,
            {{"external_port", "9001"}, {"response", "true"}, {"result", "2"}}),
       fact(dev(4), "pcp_mapping", 5351,
            {{"external_port", "9002"}, {"protocol", "UDP"}, {"lifetime", "7200"}})});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, "pcp_mapping");
  EXPECT_EQ(found[0].port, 9002);
  EXPECT_EQ(found[0].transport, Transport::udp);
}

TEST(MappingExposure, NtpMode7AnswerMakesAResponderButTheAskerIsNot) {
  const auto found = find_mapping_exposure(
      {fact(dev(5), "ntp_mode", 123, {{"mode", "7"}, {"monlist", "true"}, {"sender_port", "123"}}),
       fact(dev(6), "ntp_mode", 123,
            {{"mode", "7"}, {"monlist", "true"}, {"sender_port", "40000"}})});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].device, dev(5));
  EXPECT_EQ(found[0].kind, "ntp_responder");
  EXPECT_DOUBLE_EQ(found[0].confidence, 0.99);
}

}  // namespace
}  // namespace iotscope
