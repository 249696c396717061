#include "payload/dns_message.hpp"

#include <gtest/gtest.h>

#include "payload_samples.hpp"

namespace iotscope {
namespace {

using test::read_sample;

std::string answer_list(const std::vector<DnsRecord>& records) {
  std::string text;
  for (const auto& record : records) text += (text.empty() ? "" : ",") + record.data;
  return text;
}

TEST(DnsMessage, Dns53ResponseMatchesZeekAnswers) {
  const auto message = parse_dns_message(read_sample("dns53_0.bin"));
  ASSERT_TRUE(message.ok()) << message.error().message();
  EXPECT_TRUE(message->is_response);
  EXPECT_EQ(message->id, 25701);
  ASSERT_EQ(message->questions.size(), 1u);
  EXPECT_EQ(message->questions[0].name, "us.v27.distributed.net");
  EXPECT_EQ(answer_list(message->answers),
            "206.109.64.186,216.1.205.81,205.149.163.211,134.53.131.135,134.53.131.192,"
            "128.104.18.148,204.152.186.139,63.77.33.226");
  EXPECT_EQ(message->answers[0].ttl, 900u);
  EXPECT_TRUE(message->authoritative);
}

TEST(DnsMessage, QueryAndResponseOfCorruptChecksumTrace) {
  const auto query = parse_dns_message(read_sample("dns_corrupt_0.bin"));
  ASSERT_TRUE(query.ok());
  EXPECT_FALSE(query->is_response);
  EXPECT_EQ(query->questions[0].name, "zeek.org");
  EXPECT_EQ(query->questions[0].type, dns_type::kA);
  const auto response = parse_dns_message(read_sample("dns_corrupt_1.bin"));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(answer_list(response->answers), "192.0.78.212,192.0.78.150");
}

TEST(DnsMessage, MdnsNoAssocMatchesZeekDnsLog) {
  const auto query = parse_dns_message(read_sample("mdns_no_assoc_1.bin"));
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->questions[0].name, "initial-query-aaaa.local");
  EXPECT_EQ(query->questions[0].type, dns_type::kAaaa);
  const auto reply_a = parse_dns_message(read_sample("mdns_no_assoc_2.bin"));
  ASSERT_TRUE(reply_a.ok());
  ASSERT_EQ(reply_a->answers.size(), 1u);
  EXPECT_EQ(reply_a->answers[0].name, "unrelated-reply-a.local");
  EXPECT_EQ(reply_a->answers[0].data, "192.168.0.2");
  EXPECT_EQ(reply_a->answers[0].ttl, 120u);
  const auto reply_aaaa = parse_dns_message(read_sample("mdns_no_assoc_3.bin"));
  ASSERT_TRUE(reply_aaaa.ok());
  EXPECT_EQ(reply_aaaa->answers[0].data, "fe80::200:deff:fead:beef");
}

TEST(DnsMessage, MdnsAnnouncementNamesHostAndReversePointers) {
  const auto message = parse_dns_message(read_sample("mdns_response_0.bin"));
  ASSERT_TRUE(message.ok()) << message.error().message();
  EXPECT_TRUE(message->is_response);
  bool host_a_seen = false;
  bool ptr_to_host_seen = false;
  for (const auto& record : message->answers) {
    if (record.type == dns_type::kA && record.name == "johanna-QEMU-Virtual-Machine.local") {
      host_a_seen = record.data == "10.0.2.7";
    }
    if (record.type == dns_type::kPtr && record.name == "7.2.0.10.in-addr.arpa") {
      ptr_to_host_seen = record.data == "johanna-QEMU-Virtual-Machine.local";
    }
  }
  EXPECT_TRUE(host_a_seen);
  EXPECT_TRUE(ptr_to_host_seen);
}

TEST(DnsMessage, MdnsServiceQuery) {
  const auto message = parse_dns_message(read_sample("mdns_home_0.bin"));
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(message->questions[0].name, "_spotify-connect._tcp.local");
  EXPECT_EQ(message->questions[0].type, dns_type::kPtr);
}

// A service announcement: PTR -> instance, SRV with port and target, TXT, all compressed.
std::vector<std::uint8_t> service_announcement() {
  std::vector<std::uint8_t> m = {0, 0, 0x84, 0, 0, 0, 0, 3, 0, 0, 0, 0};
  const std::vector<std::uint8_t> service = {5,   '_', 'h', 't', 't', 'p', 4,   '_', 't',
                                             'c', 'p', 5,   'l', 'o', 'c', 'a', 'l', 0};
  m.insert(m.end(), service.begin(), service.end());  // name at offset 12
  const std::vector<std::uint8_t> ptr = {0, 12, 0,   1,   0,   0,    0x11, 0x94, 0,
                                         6, 3,  'c', 'a', 'm', 0xC0, 12};  // cam._http._tcp.local
  m.insert(m.end(), ptr.begin(), ptr.end());
  const std::uint8_t instance = 40;  // offset of the "cam" label inside the PTR data
  const std::vector<std::uint8_t> srv = {0xC0, instance, 0,   33,  0x80, 1,    0, 0,    0,
                                         120,  0,        13,  0,   0,    0,    0, 0x1F, 0x90,
                                         4,    'h',      'o', 's', 't',  0xC0, 23};
  m.insert(m.end(), srv.begin(), srv.end());
  const std::vector<std::uint8_t> txt = {0xC0, instance, 0,   16,  0x80, 1,   0,   0,
                                         0,    120,      0,   10,  4,    'a', '=', 'b',
                                         'c',  4,        'x', '=', 'y',  'z'};
  m.insert(m.end(), txt.begin(), txt.end());
  return m;
}

TEST(DnsMessage, MdnsSrvAndTxtRecords) {
  const auto message = parse_dns_message(service_announcement());
  ASSERT_TRUE(message.ok()) << message.error().message();
  ASSERT_EQ(message->answers.size(), 3u);
  EXPECT_EQ(message->answers[0].data, "cam._http._tcp.local");
  EXPECT_EQ(message->answers[1].name, "cam._http._tcp.local");
  EXPECT_EQ(message->answers[1].type, dns_type::kSrv);
  EXPECT_EQ(message->answers[1].klass, 1);  // cache-flush bit removed
  EXPECT_EQ(message->answers[1].srv_port, 8080);
  EXPECT_EQ(message->answers[1].data, "host.local");
  EXPECT_EQ(message->answers[2].data, "a=bc x=yz");
}

TEST(DnsMessage, CompressionLoopTerminatesWithError) {
  // The question name is a pointer to itself.
  const std::vector<std::uint8_t> self_loop = {0, 1, 0, 0,    0,  1, 0, 0, 0,
                                               0, 0, 0, 0xC0, 12, 0, 1, 0, 1};
  const auto looped = parse_dns_message(self_loop);
  ASSERT_FALSE(looped.ok());
  EXPECT_EQ(looped.error().offset, 12u);
  // Two names pointing at each other: the second must also fail, not spin.
  const std::vector<std::uint8_t> mutual = {0,   1,    0,  0, 0, 2, 0, 0,    0,  0, 0, 0, 1,
                                            'a', 0xC0, 19, 0, 1, 0, 1, 0xC0, 12, 0, 1, 0, 1};
  EXPECT_FALSE(parse_dns_message(mutual).ok());
}

TEST(DnsMessage, OverlongNameFails) {
  std::vector<std::uint8_t> m = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 5; ++i) {
    m.push_back(63);
    m.insert(m.end(), 63, 'a');
  }
  m.insert(m.end(), {0, 0, 1, 0, 1});
  const auto result = parse_dns_message(m);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message().find("255"), std::string::npos);
}

TEST(DnsMessage, EveryTruncationOfARealResponseFails) {
  const auto bytes = read_sample("dns53_0.bin");
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_FALSE(parse_dns_message(ByteSpan(bytes).first(size)).ok()) << size;
  }
  EXPECT_FALSE(parse_dns_message(ByteSpan(bytes).first(5)).ok());
}

}  // namespace
}  // namespace iotscope
