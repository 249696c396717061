#include "probe/udp_service_probes.hpp"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <optional>
#include <unordered_map>
#include <utility>

#include "payload/dns_message.hpp"
#include "payload/natpmp_message.hpp"
#include "payload/ntp_packet.hpp"
#include "payload/ssdp_message.hpp"
#include "probe/discovery_common.hpp"
#include "probe/printable_text.hpp"
#include "probe/scan_ledger.hpp"
#include "probe/snmp_get.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kNtp = 123;
constexpr std::uint16_t kSnmp = 161;
constexpr std::uint16_t kSsdp = 1900;
constexpr std::uint16_t kNatPmp = 5351;
constexpr std::uint16_t kMdns = 5353;
constexpr std::uint16_t kCoap = 5683;
constexpr std::size_t kMaxReplies = 8;  // replies kept per probe (monlist answers in many)
constexpr std::uint32_t kSnmpRequestId = 0x10c5;

std::string bytes(std::initializer_list<unsigned> values) {
  std::string out;
  for (const unsigned v : values) out += static_cast<char>(v);
  return out;
}

std::string ssdp_search() {
  // nmap's unicast UPnP probe: devices that check HOST expect the multicast group there even
  // when the search comes unicast.
  return "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n"
         "MX: 1\r\nST: ssdp:all\r\n\r\n";
}

std::string mdns_services_query() {
  // One question, PTR _services._dns-sd._udp.local, class IN with the unicast-response bit.
  std::string query = bytes({0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
  for (const std::string_view label : {"_services", "_dns-sd", "_udp", "local"}) {
    query += static_cast<char>(label.size());
    query += label;
  }
  query += bytes({0, 0, dns_type::kPtr, 0x80, 0x01});
  return query;
}

std::string ntp_client_request() {
  std::string request(48, '\0');
  request[0] = 0x23;  // LI 0, version 4, mode 3 (client)
  return request;
}

std::string ntp_monlist_request() {
  // Mode 7, version 2, implementation XNTPD (3), request MON_GETLIST_1 (42), as ntpdc sends.
  std::string request = bytes({0x17, 0x00, 0x03, 0x2a});
  request.append(44, '\0');
  return request;
}

std::string ntp_readvar_request() {
  // Mode 6, version 2, opcode READVAR (2), sequence 1, association 0: the system variables.
  return bytes({0x16, 0x02, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0});
}

std::string coap_well_known_core() {
  // Confirmable GET, message id 0x1c05, no token; Uri-Path ".well-known" then "core".
  return bytes({0x40, 0x01, 0x1c, 0x05, 0xbb}) + ".well-known" + bytes({0x04}) + "core";
}

ByteSpan span_of(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

void append_info(std::string& info, std::string_view part) {
  if (part.empty()) return;
  if (!info.empty()) info += "; ";
  info += part;
}

Observation observation(const ServiceOffer& offer, std::string kind) {
  return probe_observation(offer.ts, std::move(kind), offer.address, offer.port,
                           {{"transport", "udp"}});
}

// UPnP's SERVER header is "OS/version UPnP/1.1 product/version": the product is the last token
// that is not the UPnP version, as nmap reports it ("MiniUPnPd", "2.3.1").
void product_from_server_header(std::string_view server, ServiceOffer& offer) {
  std::string_view product;
  std::size_t start = 0;
  while (start < server.size()) {
    const std::size_t end = std::min(server.find(' ', start), server.size());
    const std::string_view token = server.substr(start, end - start);
    if (!token.empty() && !token.starts_with("UPnP/")) product = token;
    start = end + 1;
  }
  const std::size_t slash = product.find('/');
  offer.product = printable_escaped(product.substr(0, slash), 128);
  if (slash != std::string_view::npos) {
    offer.version = printable_escaped(product.substr(slash + 1), 64);
  }
}

void describe_ssdp(const std::string& reply, ServiceOffer& offer,
                   std::vector<Observation>& observations) {
  const auto message = parse_ssdp_message(span_of(reply));
  offer.service = "upnp";
  if (!message) return;
  product_from_server_header(message->server, offer);
  if (!message->server.empty()) append_info(offer.info, "server " + message->server);
  if (!message->location.empty()) append_info(offer.info, "location " + message->location);
  Observation o = observation(offer, "ssdp_name");
  o.fields.merge(std::map<std::string, std::string>{{"server", message->server},
                                                    {"location", message->location},
                                                    {"usn", message->usn},
                                                    {"type", message->search_target}});
  observations.push_back(std::move(o));
}

// A NAT-PMP external-address answer: the port is a gateway's mapping service.
void describe_natpmp(const std::string& reply, ServiceOffer& offer) {
  offer.service = "nat-pmp";
  const auto message = parse_natpmp_message(span_of(reply));
  if (!message || !message->is_response) return;
  if (!message->external_address.empty()) {
    append_info(offer.info, "external address " + message->external_address);
  }
  append_info(offer.info, "result " + std::to_string(message->result_code));
}

void describe_mdns(const std::string& reply, ServiceOffer& offer,
                   std::vector<Observation>& observations) {
  const auto message = parse_dns_message(span_of(reply));
  offer.service = "mdns";
  if (!message || !message->is_response) return;
  std::string services;
  std::string names;
  for (const auto* section : {&message->answers, &message->additionals}) {
    for (const auto& record : *section) {
      std::string& list = record.type == dns_type::kPtr ? services : names;
      const std::string& item = record.type == dns_type::kPtr ? record.data : record.name;
      if (item.empty() || list.find(item) != std::string::npos) continue;
      if (!list.empty()) list += ',';
      list += item;
    }
  }
  append_info(offer.info, services);
  Observation o = observation(offer, "mdns_name");
  o.fields.merge(std::map<std::string, std::string>{{"names", names}, {"services", services}});
  observations.push_back(std::move(o));
}

void describe_snmp(const std::string& reply, ServiceOffer& offer,
                   std::vector<Observation>& observations) {
  const auto message = parse_snmp_reply(reply);
  offer.service = "snmp";
  if (!message) return;
  if (offer.product.empty()) offer.product = message->value;
  const std::string version = message->version == snmp_version::kV1 ? "1" : "2c";
  append_info(offer.info, "community " + message->community + " answered (v" + version + ")");
  Observation o = observation(offer, "snmp_community");
  o.fields.merge(std::map<std::string, std::string>{
      {"community", message->community}, {"version", version}, {"sys_descr", message->value}});
  observations.push_back(std::move(o));
}

// ntpd's answer to READVAR lists `version="ntpd 4.2.8p15@1.3728-o ..."`.
std::string ntp_version_variable(std::string_view reply) {
  constexpr std::string_view kKey = "version=\"";
  const std::size_t start = reply.find(kKey);
  if (start == std::string_view::npos) return {};
  const std::size_t end = reply.find('"', start + kKey.size());
  return std::string(reply.substr(start + kKey.size(), end == std::string_view::npos
                                                           ? std::string_view::npos
                                                           : end - start - kKey.size()));
}

Observation ntp_observation(const ServiceOffer& offer, const NtpPacket& packet) {
  Observation o = observation(offer, "ntp_mode");
  o.fields.merge(std::map<std::string, std::string>{{"mode", std::to_string(packet.mode)},
                                                    {"version", std::to_string(packet.version)},
                                                    {"monlist", packet.monlist ? "true" : "false"},
                                                    {"sender_port", std::to_string(offer.port)}});
  if (packet.control_opcode) o.fields["control_opcode"] = std::to_string(*packet.control_opcode);
  if (packet.request_code) o.fields["request_code"] = std::to_string(*packet.request_code);
  return o;
}

void describe_ntp(const std::string& reply, ServiceOffer& offer,
                  std::vector<Observation>& observations) {
  const auto packet = parse_ntp_packet(span_of(reply));
  offer.service = "ntp";
  if (!packet) return;
  if (packet->mode == ntp_mode::kServer) {
    append_info(offer.info, "v" + std::to_string(packet->version) + " server, stratum " +
                                std::to_string(packet->stratum));
  } else if (packet->mode == ntp_mode::kControl && packet->control_response) {
    append_info(offer.info, "mode 6 readvar answered");
    const std::string version = ntp_version_variable(reply);
    if (!version.empty()) offer.product = printable_escaped(version, 128);
    observations.push_back(ntp_observation(offer, *packet));
  } else if (packet->mode == ntp_mode::kPrivate && (reply[0] & 0x80) != 0) {
    // A response whose error nibble is set is a refusal, not a list.
    const bool answered = reply.size() > 4 && (static_cast<std::uint8_t>(reply[4]) >> 4) == 0;
    if (packet->monlist && answered) {
      append_info(offer.info, "mode 7 monlist answered");
      observations.push_back(ntp_observation(offer, *packet));
    } else {
      append_info(offer.info, "mode 7 refused");
    }
  }
}

// Where a CoAP message's payload starts (after the 0xFF marker), walking the token and the
// options; nullopt when there is none or the options run past the end.
std::optional<std::size_t> coap_payload_start(std::string_view message) {
  std::size_t at = 4 + (static_cast<std::uint8_t>(message[0]) & 0x0f);
  while (at < message.size()) {
    const auto head = static_cast<std::uint8_t>(message[at++]);
    if (head == 0xff) return at;
    const unsigned delta = head >> 4U;
    const unsigned length_code = head & 0x0fU;
    if (delta == 15 || length_code == 15) return std::nullopt;
    // Extended delta and length bytes: code 13 adds one byte, 14 adds two.
    at += delta == 13 ? 1 : delta == 14 ? 2 : 0;
    std::size_t length = length_code;
    if (length_code == 13 && at + 1 <= message.size()) {
      length = 13 + static_cast<std::uint8_t>(message[at]);
      at += 1;
    } else if (length_code == 14 && at + 2 <= message.size()) {
      length = 269 + (std::size_t{static_cast<std::uint8_t>(message[at])} << 8) +
               static_cast<std::uint8_t>(message[at + 1]);
      at += 2;
    } else if (length_code >= 13) {
      return std::nullopt;
    }
    at += length;
  }
  return std::nullopt;
}

void describe_coap(const std::string& reply, ServiceOffer& offer) {
  if (reply.size() < 4 || (static_cast<std::uint8_t>(reply[0]) >> 6) != 1) return;
  offer.service = "coap";
  const auto code = static_cast<std::uint8_t>(reply[1]);
  std::string info =
      std::to_string(code >> 5) + "." + (code % 32 < 10 ? "0" : "") + std::to_string(code % 32);
  if (const auto payload = coap_payload_start(reply)) {
    info += " " + printable_escaped(std::string_view(reply).substr(*payload), 128);
  }
  append_info(offer.info, info);
}

constexpr const char* kUdpScanName = "udp probe";

// One scan's probes awaiting an answer and the replies so far; the ledger keeps the rest.
class UdpRun {
 public:
  UdpRun(std::vector<ScanJob> jobs, const ProbeSettings& settings, ScanProgress progress)
      : settings_(settings),
        ledger_(std::move(jobs), Transport::udp, settings, std::move(progress)),
        sockets_(kUdpScanName),
        replies_(ledger_.size()) {
    for (std::size_t i = 0; i < ledger_.size(); ++i) ledger_.queue(i);
  }

  UdpProbeOutcome run() {
    while (ledger_.busy(in_flight_.size())) {
      // A probe's datagrams go out together (NTP sends three); the limiter counts the probe.
      while (const auto job = ledger_.next_to_send(in_flight_.size())) launch(*job);
      for (const int fd : sockets_.wait(ledger_.time_to_wake(in_flight_))) readable(fd);
      for (const std::size_t job : take_expired(in_flight_)) {
        if (!replies_[job].empty()) {
          finish_open(job);
        } else {
          ledger_.retry_or_filter(job);
        }
      }
    }
    UdpProbeOutcome outcome;
    outcome.offers = ledger_.take_offers();
    outcome.observations = std::move(observations_);
    return outcome;
  }

 private:
  void launch(std::size_t job) {
    const ScanJob& j = ledger_.job(job);
    const SocketAddress target = SocketAddress::of(j.address, j.port.port);
    ScanSocket socket(::socket(target.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!socket.valid()) fail_with_errno(kUdpScanName, "socket");
    if (::connect(socket.get(), target.get(), target.length) != 0) {
      ledger_.finish(job, PortState::filtered, unreachable_reason(errno));
      return;
    }
    for (const std::string& payload : udp_probe_payloads(j.port.port)) {
      if (::send(socket.get(), payload.data(), payload.size(), 0) < 0 && errno != EAGAIN) {
        conclude_error(job, errno);
        return;
      }
    }
    sockets_.watch(socket.get(), EPOLLIN);
    const int fd = socket.get();
    in_flight_.emplace(
        fd, SocketProbe{std::move(socket), job, ProbeClock::now() + settings_.udp_response_wait});
  }

  void conclude_error(std::size_t job, int error) {
    if (error == ECONNREFUSED) {
      ledger_.finish(job, PortState::closed, "port-unreach");
    } else {
      ledger_.finish(job, PortState::filtered, unreachable_reason(error));
    }
  }

  void readable(int fd) {
    const auto it = in_flight_.find(fd);
    if (it == in_flight_.end()) return;
    const std::size_t job = it->second.job;
    std::array<char, 4096> buffer{};
    for (;;) {
      const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
      if (n >= 0) {
        if (replies_[job].size() < kMaxReplies) {
          replies_[job].emplace_back(buffer.data(), static_cast<std::size_t>(n));
        }
        continue;
      }
      if (errno == EAGAIN || errno == EINTR) break;
      // An ICMP error; after a reply it is noise, before one it is the answer.
      if (replies_[job].empty()) {
        const int error = errno;
        in_flight_.erase(it);
        conclude_error(job, error);
        return;
      }
      break;
    }
    // Done early once every request had its answer; NTP waits for its slower modes.
    if (replies_[job].size() >= udp_probe_payloads(ledger_.job(job).port.port).size()) {
      in_flight_.erase(it);
      finish_open(job);
    }
  }

  void finish_open(std::size_t job) {
    ServiceOffer& offer = ledger_.finish(job, PortState::open, "udp-response");
    offer.banner = printable_escaped(replies_[job].front());
    describe_udp_replies(offer.port, replies_[job], offer, observations_);
  }

  const ProbeSettings& settings_;
  ScanLedger ledger_;
  ReadySockets sockets_;
  std::unordered_map<int, SocketProbe> in_flight_;
  std::vector<std::vector<std::string>> replies_;
  std::vector<Observation> observations_;
};

}  // namespace

std::vector<std::string> udp_probe_payloads(std::uint16_t port) {
  switch (port) {
    case kSsdp:
      return {ssdp_search()};
    case kMdns:
      return {mdns_services_query()};
    case kSnmp:
      return {snmp_sysdescr_request(snmp_version::kV2c, "public", kSnmpRequestId),
              snmp_sysdescr_request(snmp_version::kV1, "public", kSnmpRequestId + 1)};
    case kNtp:
      return {ntp_client_request(), ntp_readvar_request(), ntp_monlist_request()};
    case kCoap:
      return {coap_well_known_core()};
    case kNatPmp:
      return {bytes({0, 0})};  // version 0, external address request: maps nothing
    default:
      return {std::string()};
  }
}

void describe_udp_replies(std::uint16_t port, const std::vector<std::string>& replies,
                          ServiceOffer& offer, std::vector<Observation>& observations) {
  for (const std::string& reply : replies) {
    switch (port) {
      case kSsdp:
        describe_ssdp(reply, offer, observations);
        break;
      case kMdns:
        describe_mdns(reply, offer, observations);
        break;
      case kSnmp:
        describe_snmp(reply, offer, observations);
        break;
      case kNtp:
        describe_ntp(reply, offer, observations);
        break;
      case kCoap:
        describe_coap(reply, offer);
        break;
      case kNatPmp:
        describe_natpmp(reply, offer);
        break;
      default:
        break;
    }
  }
}

UdpServiceProber::UdpServiceProber(TargetSet targets, ProbeSettings settings)
    : scope_(std::move(targets), settings) {}

UdpProbeOutcome UdpServiceProber::probe(const std::vector<IpAddress>& addresses,
                                        const std::vector<ProbePort>& ports,
                                        const ScanProgress& progress) const {
  std::vector<ScanJob> jobs = scope_.jobs(addresses, ports, Transport::udp);
  if (jobs.empty()) return {};
  return UdpRun(std::move(jobs), scope_.settings(), progress).run();
}

}  // namespace iotscope
