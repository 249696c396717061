#include "analyses/payload_encryption.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "analyses/observation_fields.hpp"
#include "analyses/service_names.hpp"

namespace iotscope {
namespace {

using EntryKey = std::tuple<DeviceKey, PeerScope, std::uint64_t, std::uint16_t, Transport>;

PeerScope scope_of(const Observation& o) {
  const std::string_view scope = field_text(o, "peer_scope");
  if (scope == "local_device") return PeerScope::local_device;
  if (scope == "local_unknown") return PeerScope::local_unknown;
  if (scope == "multicast_broadcast") return PeerScope::multicast_broadcast;
  return PeerScope::external;
}

EntryKey key_of(const Observation& o) {
  const PeerScope scope = scope_of(o);
  const std::uint64_t peer = scope == PeerScope::local_device ? field_count(o, "peer_device") : 0;
  const Transport transport = parse_transport(field_text(o, "transport")).value_or(Transport::tcp);
  return {o.device, scope, peer, o.port, transport};
}

// Lower is worse: an entry reports the weakest handshake its service was seen to make.
int grade_rank(std::string_view grade) {
  if (grade == "insecure") return 0;
  if (grade == "weak") return 1;
  if (grade == "strong") return 2;
  return 3;
}

void apply_tls(const Observation& o, EncryptionEntry& e) {
  const std::string_view version = field_text(o, "version");
  if (version.empty()) return;  // no ServerHello: nothing was negotiated
  const bool first = e.how_known != HowKnown::payload || e.tls_version().empty();
  const std::string_view grade = field_text(o, "cipher_grade");
  e.status = EncryptionStatus::encrypted;
  e.how_known = HowKnown::payload;
  NegotiatedTls tls = e.tls ? *e.tls : NegotiatedTls{};
  if (first || version < std::string_view(tls.version)) tls.version = std::string(version);
  if (first || grade_rank(grade) < grade_rank(tls.cipher_grade)) {
    tls.cipher = std::string(field_text(o, "cipher"));
    tls.cipher_grade = std::string(grade);
  }
  e.tls = std::make_shared<const NegotiatedTls>(std::move(tls));
  if (!field_text(o, "self_signed").empty()) {
    e.self_signed = e.self_signed.value_or(false) || field_flag(o, "self_signed");
  }
}

void apply_cleartext(const Observation& o, EncryptionEntry& e) {
  e.status = EncryptionStatus::plaintext;
  e.how_known = HowKnown::payload;
  if (e.tls) {  // cleartext seen on the port: no version was negotiated there
    NegotiatedTls tls = *e.tls;
    tls.version.clear();
    e.tls = std::make_shared<const NegotiatedTls>(std::move(tls));
  }
  const bool credentials = field_flag(o, "password_present") || field_flag(o, "basic_auth");
  e.credentials_in_clear = e.credentials_in_clear.value_or(false) || credentials;
}

bool is_cleartext_fact(const std::string& kind) {
  return kind == "http_request" || kind == "mqtt_connect" || kind == "ftp_login" ||
         kind == "telnet_login";
}

EncryptionEntry new_entry(const EntryKey& key) {
  EncryptionEntry e;
  std::tie(e.device, e.peer_scope, e.peer_device, e.port, e.transport) = key;
  e.service = std::string(service_info(e.port, e.transport).name);
  return e;
}

}  // namespace

void apply_payload_encryption(const std::vector<Observation>& observations,
                              std::vector<EncryptionEntry>& entries) {
  std::map<EntryKey, std::size_t> index;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    index.emplace(EntryKey{e.device, e.peer_scope, e.peer_device, e.port, e.transport}, i);
  }
  bool added = false;
  for (const auto& o : observations) {
    const bool tls = o.kind == "tls_handshake";
    if (!tls && !is_cleartext_fact(o.kind)) continue;
    const EntryKey key = key_of(o);
    auto [it, inserted] = index.try_emplace(key, entries.size());
    if (inserted) {
      entries.push_back(new_entry(key));
      added = true;
    }
    EncryptionEntry& entry = entries[it->second];
    if (tls) {
      apply_tls(o, entry);
      if (entry.service.empty()) entry.service = "tls";
    } else {
      apply_cleartext(o, entry);
      if (entry.service.empty()) entry.service = o.kind.substr(0, o.kind.find('_'));
    }
    entry.flows += inserted ? 1 : 0;
  }
  if (!added) return;
  std::sort(entries.begin(), entries.end(), [](const EncryptionEntry& a, const EncryptionEntry& b) {
    return std::tie(a.device, a.peer_scope, a.peer_device, a.port, a.transport) <
           std::tie(b.device, b.peer_scope, b.peer_device, b.port, b.transport);
  });
}

}  // namespace iotscope
