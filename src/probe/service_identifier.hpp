#pragma once
// nmap's version-detection flow for one open TCP port: wait for a banner (the NULL probe), then
// send the probes registered for the port, then the others up to an intensity, each on a fresh
// connection, until a rule matches hard. A TLS answer (or an "ssl" match) restarts the flow
// through an OpenSSL tunnel so the service behind TLS is named too ("ssl/http").
//
// The identifier connects only to the one address and port it is handed; choosing which
// addresses may be probed is the caller's job (TargetSet).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "model/ip_address.hpp"
#include "model/service_offer.hpp"
#include "probe/service_probe_database.hpp"
#include "probe/service_regex.hpp"

namespace iotscope {

struct ServiceIdSettings {
  int connect_timeout_ms = 3000;
  int banner_wait_ms = 6000;     // cap on the NULL probe's wait (nmap's totalwaitms is 6000)
  int probe_wait_cap_ms = 5000;  // cap on every other probe's totalwaitms
  int port_budget_ms = 40000;    // the whole identification of one port
  int intensity = 7;             // probes of higher rarity are only sent to their own ports
  std::size_t max_response_bytes = 4096;  // nmap stops reading a response here
  std::size_t max_banner_chars = 256;     // ServiceOffer::banner, after escaping
  bool tls_tunnel = true;                 // look behind TLS with OpenSSL
  RegexLimits regex_limits;
};

struct ServiceIdentification {
  bool connected = false;  // false: the port could not be connected to
  std::string banner;      // printable-escaped first response
  std::string service;     // "" when nothing matched and the port has no guess
  std::string product;
  std::string version;
  std::string info;
  std::string hostname;
  std::string os;
  std::string device_type;
  std::string cpe;     // space separated
  std::string method;  // "probed" or "table" (or "" when unidentified)
  bool soft = false;   // only a softmatch named the service
  bool tls = false;    // identified through a TLS tunnel
  int probes_sent = 0;
};

class ServiceIdentifier {
 public:
  // Uses `database`; a null pointer means the built-in table.
  ServiceIdentifier(std::shared_ptr<const ServiceProbeDatabase> database,
                    ServiceIdSettings settings);

  // nmap's database when installed at `path`, else the built-in table. *note says which and,
  // for a damaged file, how many lines were skipped.
  static ServiceIdentifier with_database_at(const std::string& path, ServiceIdSettings settings,
                                            std::string* note);

  ServiceIdentification identify(const IpAddress& address, std::uint16_t port) const;

  // Identifies offer.address:offer.port (TCP, open) and fills the banner and service fields.
  void fill(ServiceOffer& offer) const;

  const ServiceProbeDatabase& database() const { return *database_; }
  bool uses_builtin_table() const { return builtin_; }

 private:
  std::shared_ptr<const ServiceProbeDatabase> database_;
  ServiceIdSettings settings_;
  bool builtin_ = false;
};

}  // namespace iotscope
