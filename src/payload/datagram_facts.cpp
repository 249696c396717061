#include "payload/datagram_facts.hpp"

#include <string>

#include "payload/dhcp_message.hpp"
#include "payload/dns_message.hpp"
#include "payload/natpmp_message.hpp"
#include "payload/ntp_packet.hpp"
#include "payload/pcp_message.hpp"
#include "payload/ssdp_message.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kDns = 53;
constexpr std::uint16_t kDhcpServer = 67;
constexpr std::uint16_t kDhcpClient = 68;
constexpr std::uint16_t kNtp = 123;
constexpr std::uint16_t kSsdp = 1900;
constexpr std::uint16_t kNatPmp = 5351;
constexpr std::uint16_t kMdns = 5353;
constexpr std::size_t kMaxListed = 16;  // names or addresses listed in one fact

bool uses(const DatagramContext& c, std::uint16_t port) {
  return c.sender_port == port || c.receiver_port == port;
}

void append_listed(std::string& list, std::size_t& count, const std::string& item) {
  if (item.empty() || count >= kMaxListed) return;
  if (!list.empty()) list += ',';
  list += item;
  ++count;
}

PayloadFact fact_about(const DatagramContext& c, bool about_sender, std::string kind) {
  PayloadFact fact;
  fact.about_originator = about_sender == c.from_originator;
  fact.ts_ns = c.ts_ns;
  fact.kind = std::move(kind);
  return fact;
}

void dns_facts(const DatagramContext& c, ByteSpan datagram, InspectionResult& out) {
  const auto message = parse_dns_message(datagram);
  if (!message) {
    out.parse_errors.push_back("DNS message: " + message.error().message());
    return;
  }
  out.service = "dns";
  out.how_known = HowKnown::payload;
  if (!c.facts) return;
  if (!message->is_response || message->questions.empty()) return;
  // About the client that asked: the receiver of the response.
  PayloadFact fact = fact_about(c, false, "dns_answer");
  fact.fields["query"] = message->questions.front().name;
  std::string addresses;
  std::size_t listed = 0;
  for (const auto& answer : message->answers) {
    if (answer.type == dns_type::kA || answer.type == dns_type::kAaaa) {
      append_listed(addresses, listed, answer.data);
    }
  }
  fact.fields["addresses"] = addresses;
  fact.fields["rcode"] = std::to_string(message->rcode);
  out.facts.push_back(std::move(fact));
}

void mdns_facts(const DatagramContext& c, ByteSpan datagram, InspectionResult& out) {
  const auto message = parse_dns_message(datagram);
  if (!message) {
    out.parse_errors.push_back("mDNS message: " + message.error().message());
    return;
  }
  out.service = "mdns";
  out.how_known = HowKnown::payload;
  if (!c.facts) return;
  std::string names;
  std::string services;
  std::size_t name_count = 0;
  std::size_t service_count = 0;
  for (const auto* section : {&message->answers, &message->additionals}) {
    for (const auto& record : *section) {
      if (record.type == dns_type::kPtr) append_listed(services, service_count, record.name);
      if (record.type == dns_type::kSrv || record.type == dns_type::kA ||
          record.type == dns_type::kAaaa) {
        append_listed(names, name_count, record.name);
      }
    }
  }
  if (names.empty() && services.empty()) return;  // a query names nothing about its sender
  PayloadFact fact = fact_about(c, true, "mdns_name");
  fact.fields = {{"names", names}, {"services", services}};
  out.facts.push_back(std::move(fact));
}

void dhcp_facts(const DatagramContext& c, ByteSpan datagram, InspectionResult& out) {
  const auto message = parse_dhcp_message(datagram);
  if (!message) return;
  out.service = "dhcp";
  out.how_known = HowKnown::payload;
  if (!c.facts) return;
  constexpr std::uint8_t kBootRequest = 1;
  if (message->op != kBootRequest) return;  // the client describes itself in its requests
  PayloadFact fact = fact_about(c, true, "dhcp");
  fact.fields = {{"client_mac", message->client_mac},
                 {"host_name", message->host_name},
                 {"vendor_class", message->vendor_class},
                 {"fingerprint", message->parameter_request_list},
                 {"requested_address", message->requested_address}};
  if (message->message_type) {
    fact.fields["message_type"] = dhcp_message_type_name(*message->message_type);
  }
  out.facts.push_back(std::move(fact));
}

void ssdp_facts(const DatagramContext& c, ByteSpan datagram, InspectionResult& out) {
  const auto message = parse_ssdp_message(datagram);
  if (!message) return;
  out.service = "ssdp";
  out.how_known = HowKnown::payload;
  if (!c.facts) return;
  if (message->kind == SsdpKind::search) return;  // a search names what is sought, not who
  PayloadFact fact = fact_about(c, true, "ssdp_name");
  fact.fields = {
      {"server", message->server},
      {"location", message->location},
      {"usn", message->usn},
      {"type", message->kind == SsdpKind::notify ? message->notify_type : message->search_target}};
  out.facts.push_back(std::move(fact));
}

void natpmp_facts(const DatagramContext& c, ByteSpan datagram, InspectionResult& out) {
  const auto message = parse_natpmp_message(datagram);
  if (!message || message->operation == NatPmpOperation::external_address) return;
  out.service = "nat-pmp";
  out.how_known = HowKnown::payload;
  if (!c.facts) return;
  // About the device that asked: the sender of a request, the receiver of a response.
  PayloadFact fact = fact_about(c, !message->is_response, "natpmp_mapping");
  fact.fields = {{"protocol", message->operation == NatPmpOperation::map_tcp ? "TCP" : "UDP"},
                 {"internal_port", std::to_string(message->internal_port)},
                 {"external_port", std::to_string(message->external_port)},
                 {"lifetime", std::to_string(message->lifetime)},
                 {"response", message->is_response ? "true" : "false"}};
  if (message->is_response) fact.fields["result"] = std::to_string(message->result_code);
  out.facts.push_back(std::move(fact));
}

void pcp_facts(const DatagramContext& c, ByteSpan datagram, InspectionResult& out) {
  const auto message = parse_pcp_message(datagram);
  if (!message || message->opcode == PcpOpcode::announce) return;
  out.service = "pcp";
  out.how_known = HowKnown::payload;
  if (!c.facts) return;
  PayloadFact fact = fact_about(c, !message->is_response, "pcp_mapping");
  fact.fields = {{"opcode", message->opcode == PcpOpcode::map ? "map" : "peer"},
                 {"protocol", message->protocol == 6    ? "TCP"
                              : message->protocol == 17 ? "UDP"
                                                        : std::to_string(message->protocol)},
                 {"internal_port", std::to_string(message->internal_port)},
                 {"external_port", std::to_string(message->external_port)},
                 {"lifetime", std::to_string(message->lifetime)},
                 {"response", message->is_response ? "true" : "false"}};
  if (!message->client_address.empty()) fact.fields["internal_client"] = message->client_address;
  if (message->is_response) fact.fields["result"] = std::to_string(message->result_code);
  out.facts.push_back(std::move(fact));
}

void ntp_facts(const DatagramContext& c, ByteSpan datagram, InspectionResult& out) {
  const auto packet = parse_ntp_packet(datagram);
  if (!packet) return;
  out.service = "ntp";
  out.how_known = HowKnown::payload;
  if (!c.facts) return;
  PayloadFact fact = fact_about(c, true, "ntp_mode");
  fact.fields = {{"mode", std::to_string(packet->mode)},
                 {"version", std::to_string(packet->version)},
                 {"monlist", packet->monlist ? "true" : "false"},
                 {"sender_port", std::to_string(c.sender_port)}};
  if (packet->control_opcode)
    fact.fields["control_opcode"] = std::to_string(*packet->control_opcode);
  if (packet->request_code) fact.fields["request_code"] = std::to_string(*packet->request_code);
  out.facts.push_back(std::move(fact));
}

}  // namespace

void inspect_datagram(const DatagramContext& c, ByteSpan datagram, InspectionResult& out) {
  if (datagram.empty()) return;
  if (uses(c, kMdns)) {
    mdns_facts(c, datagram, out);
  } else if (uses(c, kDns)) {
    dns_facts(c, datagram, out);
  } else if (uses(c, kDhcpServer) || uses(c, kDhcpClient)) {
    dhcp_facts(c, datagram, out);
  } else if (uses(c, kSsdp)) {
    ssdp_facts(c, datagram, out);
  } else if (uses(c, kNatPmp)) {
    (datagram[0] == kPcpVersion ? pcp_facts : natpmp_facts)(c, datagram, out);
  } else if (uses(c, kNtp)) {
    ntp_facts(c, datagram, out);
  }
}

}  // namespace iotscope
