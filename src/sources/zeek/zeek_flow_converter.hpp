#pragma once
// Turns Zeek conn.log and ssl.log rows into iotscope's records. A connection becomes one
// FlowRecord per endpoint inside the home's local networks (seen from that device's side);
// every such endpoint becomes a DeviceRecord; an ssl.log row becomes a "tls_handshake"
// Observation of the local client and sets the TlsFacts of the flows of the same uid.
//
// Device identity: DeviceKey{hash_text(home id), hash_text(MAC)} when the conn row carries
// orig_l2_addr / resp_l2_addr (Zeek's mac-logging), else hash_text(the IP address's text).
// conn_state -> ConnState: SF S1 S2 S3 RSTO RSTR -> established; REJ -> rejected;
// S0 -> no_reply; SH SHR RSTOS0 RSTRH OTH -> partial (docs/zeek-logs.md).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/device_record.hpp"
#include "model/flow_record.hpp"
#include "model/observation.hpp"
#include "sources/zeek/ip_network.hpp"
#include "sources/zeek/zeek_records.hpp"

namespace iotscope {

std::optional<ConnState> conn_state_of_zeek(std::string_view conn_state);

struct ZeekConversionOptions {
  std::string home_id = "zeek";  // hashed into DeviceKey::home
  LocalNetworks local_networks;  // default: private, link-local and loopback ranges
  // Which local endpoints may become devices (a capture read's DeviceBudget), given whether the
  // connection was answered; empty: all. An endpoint refused makes no flow record and no device.
  std::function<bool(const DeviceKey&, bool answered)> admit_device;
  // Local addresses remembered with their MAC (to key a device's TLS handshakes); 0: no limit.
  std::size_t max_addresses = 0;
};

struct ZeekConversionStats {
  std::uint64_t conns = 0;
  std::uint64_t flows = 0;
  std::uint64_t conns_without_addresses = 0;  // no id.orig_h / id.resp_h (e.g. zeek-cut output)
  std::uint64_t conns_without_local_end = 0;  // neither endpoint in the local networks
  std::uint64_t ssl_rows = 0;
  std::uint64_t ssl_without_local_end = 0;
  std::uint64_t flows_with_tls = 0;  // flows that received TlsFacts by uid
  std::uint64_t flows_refused = 0;   // local endpoints admit_device refused
};

class ZeekFlowConverter {
 public:
  using FlowSink = std::function<void(const FlowRecord&)>;

  explicit ZeekFlowConverter(ZeekConversionOptions options);

  // Feed ssl rows before the conn rows they should join: flows stream out as soon as their conn
  // row is converted and cannot be amended later.
  void add_ssl(const ZeekSsl& row);
  void add_conn(const ZeekConn& row, const FlowSink& sink);
  std::vector<FlowRecord> convert_conn(const ZeekConn& row);

  // Every local host seen, sorted by key.
  std::vector<DeviceRecord> devices() const;
  // TLS handshakes in input order; a client's key uses its MAC once any conn row told it.
  std::vector<Observation> observations() const;
  const ZeekConversionStats& stats() const { return stats_; }
  std::uint64_t home() const { return home_; }

 private:
  struct Endpoint {
    IpAddress ip;
    std::uint16_t port = 0;
    std::optional<std::string> mac;
  };
  struct TlsJoin {
    TlsFacts facts;
    std::string server_name;
  };
  struct PendingObservation {
    IpAddress device_ip;
    Observation observation;
  };

  bool is_device_address(const Endpoint& endpoint) const;
  DeviceKey key_of(const IpAddress& ip, const std::optional<std::string>& mac) const;
  void remember_device(const Endpoint& endpoint);
  FlowRecord flow_of(const ZeekConn& row, const Endpoint& device, const Endpoint& remote,
                     bool device_is_orig) const;

  ZeekConversionOptions options_;
  std::uint64_t home_;
  std::map<std::uint64_t, DeviceRecord> devices_;
  std::map<IpAddress, std::string> mac_of_ip_;
  std::unordered_map<std::string, TlsJoin> tls_by_uid_;
  std::vector<PendingObservation> observations_;
  ZeekConversionStats stats_;
};

}  // namespace iotscope
