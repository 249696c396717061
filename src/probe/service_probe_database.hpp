#pragma once
// nmap's service-probe database (nmap-service-probes): the probes version detection sends and
// the match rules it applies to the answers. Format: https://nmap.org/book/vscan-fileformat.html
// A line that does not parse is reported with its file and line and skipped; the rest loads.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probe/service_regex.hpp"

namespace iotscope {

enum class ProbeProtocol : std::uint8_t { tcp, udp };

struct ProbePortRange {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  bool contains(std::uint16_t port) const { return port >= first && port <= last; }
};

bool probe_port_in_ranges(const std::vector<ProbePortRange>& ranges, std::uint16_t port);

// The version fields of a match line before substitution: p/ v/ i/ h/ o/ d/ and cpe:/ (cpe
// templates are kept with their "cpe:/" prefix).
struct VersionTemplates {
  std::string product;
  std::string version;
  std::string info;
  std::string hostname;
  std::string os;
  std::string device_type;
  std::vector<std::string> cpe;
};

struct MatchRule {
  std::string service;
  std::string pattern;  // the regex text between the delimiters
  bool soft = false;    // softmatch: names the service, lets later probes refine it
  bool caseless = false;
  bool dotall = false;
  VersionTemplates templates;
  std::size_t line = 0;
  // Shared so rules stay cheap value types; the compiled code itself is immutable.
  std::shared_ptr<const ServiceRegex> regex;
};

struct ServiceProbe {
  ProbeProtocol protocol = ProbeProtocol::tcp;
  std::string name;
  std::string payload;  // unescaped bytes to send; empty for the NULL probe
  bool no_payload = false;
  std::vector<ProbePortRange> ports;
  std::vector<ProbePortRange> ssl_ports;
  int total_wait_ms = 5000;  // nmap's DEFAULT_SERVICEWAITMS
  int tcpwrapped_ms = 3000;
  int rarity = 5;
  std::vector<std::string> fallback_names;
  std::vector<MatchRule> rules;
  std::size_t line = 0;

  bool is_null() const { return protocol == ProbeProtocol::tcp && payload.empty(); }
  bool port_is_probable(std::uint16_t port, bool ssl) const {
    return probe_port_in_ranges(ssl ? ssl_ports : ports, port);
  }
  // True when some rule of this probe can name `service` (nmap's serviceIsPossible).
  bool can_detect(std::string_view service) const;
};

struct DatabaseIssue {
  std::size_t line = 0;
  std::string message;  // "<file>:<line>: expected ..., got ..."
};

class ServiceProbeDatabase {
 public:
  static constexpr std::string_view kDefaultPath = "/usr/share/nmap/nmap-service-probes";

  // Parses database text; `source_name` names it in messages. Never throws on bad text.
  static ServiceProbeDatabase parse(std::string_view text, std::string_view source_name);
  // nullopt (and *error set) only when the file cannot be read.
  static std::optional<ServiceProbeDatabase> load(const std::filesystem::path& path,
                                                  std::string* error);

  const std::vector<ServiceProbe>& probes() const { return probes_; }
  const std::vector<DatabaseIssue>& issues() const { return issues_; }
  std::size_t rule_count() const;
  const ServiceProbe* find(ProbeProtocol protocol, std::string_view name) const;
  // A `fallback` name: the probe of the same protocol, else the one of the other protocol.
  const ServiceProbe* find_fallback(ProbeProtocol protocol, std::string_view name) const;
  const ServiceProbe* null_probe() const;
  // The probes whose rules apply to a response to `probe`, in order: itself, its `fallback`
  // probes, then (TCP only) the NULL probe, as nmap's compileFallbacks does.
  std::vector<const ServiceProbe*> match_chain(const ServiceProbe& probe) const;
  bool is_excluded(ProbeProtocol protocol, std::uint16_t port) const;

 private:
  std::vector<ServiceProbe> probes_;
  std::vector<ProbePortRange> excluded_tcp_;
  std::vector<ProbePortRange> excluded_udp_;
  std::vector<DatabaseIssue> issues_;

  friend class ServiceProbeParser;
};

// Text-level pieces of the format, public so they can be tested on their own.
// Unescapes a probe string or $SUBST argument: \\ \0 \a \b \f \n \r \t \v \xHH; nullopt on a
// dangling or unknown escape, with *error_offset at the backslash.
std::optional<std::string> unescape_probe_string(std::string_view text,
                                                 std::size_t* error_offset = nullptr);
// "21-25,53,80"; nullopt on anything else.
std::optional<std::vector<ProbePortRange>> parse_probe_port_list(std::string_view text);

}  // namespace iotscope
