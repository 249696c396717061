#pragma once
// The rows of Zeek's conn.log and ssl.log as value types. Every column Zeek may leave unset
// ("-" in TSV, a missing key in JSON) is an std::optional, so "unset" never reads as zero or as
// an empty string; addresses use IpAddress's own unset state and uid is empty when absent.
// Columns this code does not know are kept in `extra`, so a row survives a read/write round trip.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/ip_address.hpp"

namespace iotscope {

enum class ZeekLogKind : std::uint8_t { unknown, conn, ssl };

// A column outside the known set, e.g. conn.log's vlan or community_id.
struct ZeekExtraField {
  std::string name;
  std::string type;                  // Zeek type from #types ("count", "set[string]"); may be empty
  std::optional<std::string> value;  // as Zeek TSV writes it (escaped); nullopt when unset
  bool operator==(const ZeekExtraField&) const = default;
};

struct ZeekConn {
  std::optional<double> ts;  // Unix seconds
  std::string uid;
  IpAddress orig_h;
  std::optional<std::uint16_t> orig_p;
  IpAddress resp_h;
  std::optional<std::uint16_t> resp_p;
  std::optional<std::string> proto;  // "tcp", "udp", "icmp", "unknown_transport"
  std::optional<std::string> service;
  std::optional<double> duration;  // seconds
  std::optional<std::uint64_t> orig_bytes;
  std::optional<std::uint64_t> resp_bytes;
  std::optional<std::string> conn_state;
  std::optional<bool> local_orig;
  std::optional<bool> local_resp;
  std::optional<std::uint64_t> missed_bytes;
  std::optional<std::string> history;
  std::optional<std::uint64_t> orig_pkts;
  std::optional<std::uint64_t> orig_ip_bytes;
  std::optional<std::uint64_t> resp_pkts;
  std::optional<std::uint64_t> resp_ip_bytes;
  std::optional<std::vector<std::string>> tunnel_parents;
  std::optional<std::uint64_t> ip_proto;
  std::optional<std::string> orig_l2_addr;  // policy/protocols/conn/mac-logging
  std::optional<std::string> resp_l2_addr;
  std::vector<ZeekExtraField> extra;

  bool operator==(const ZeekConn&) const = default;
};

struct ZeekSsl {
  std::optional<double> ts;
  std::string uid;
  IpAddress orig_h;
  std::optional<std::uint16_t> orig_p;
  IpAddress resp_h;
  std::optional<std::uint16_t> resp_p;
  std::optional<std::string> version;  // Zeek's spelling: "TLSv12", "TLSv13", "DTLSv10", "SSLv3"
  std::optional<std::string> cipher;   // IANA name
  std::optional<std::string> curve;
  std::optional<std::string> server_name;
  std::optional<bool> resumed;
  std::optional<std::string> last_alert;
  std::optional<std::string> next_protocol;
  std::optional<bool> established;
  std::optional<std::string> ssl_history;
  std::optional<std::vector<std::string>> cert_chain_fps;
  std::optional<std::vector<std::string>> client_cert_chain_fps;
  std::optional<std::vector<std::string>> cert_chain_fuids;  // Zeek before 6.0
  std::optional<std::vector<std::string>> client_cert_chain_fuids;
  std::optional<std::string> subject;
  std::optional<std::string> issuer;
  std::optional<std::string> client_subject;
  std::optional<std::string> client_issuer;
  std::optional<bool> sni_matches_cert;
  std::optional<std::string> validation_status;  // policy/protocols/ssl/validate-certs
  std::optional<std::string> ja3;                // the ja3 package
  std::optional<std::string> ja3s;
  std::vector<ZeekExtraField> extra;

  bool operator==(const ZeekSsl&) const = default;
};

}  // namespace iotscope
