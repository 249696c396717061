#pragma once
// Applies nmap match rules to a service's response and fills in the version fields from the
// rule's templates ($1..$9, $P(n), $SUBST(n,"from","to"), $I(n,">")), as nmap's
// service_scan.cc does.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probe/service_probe_database.hpp"
#include "probe/service_regex.hpp"

namespace iotscope {

struct ServiceMatch {
  std::string service;
  std::string product;
  std::string version;
  std::string info;
  std::string hostname;
  std::string os;
  std::string device_type;
  std::vector<std::string> cpe;  // "cpe:/a:openbsd:openssh:9.2p1"
  bool soft = false;
  std::string probe_name;  // the probe whose rule matched (itself, a fallback or NULL)
  std::size_t line = 0;    // the rule's line in the database
};

// Longest a substituted version field may get; a longer capture is cut (nmap drops the field).
inline constexpr std::size_t kMaxVersionFieldLength = 256;

// Bytes as text safe for JSON and terminals: printable ASCII kept, \r \n \t and other bytes as
// C escapes (\xHH), backslash doubled. At most max_chars output characters.
std::string printable_escape(std::string_view bytes, std::size_t max_chars);

// $P(n): only the printable ASCII characters (collapses "W\0O\0R\0K\0" to "WORK").
std::string printable_only(std::string_view bytes);
// $SUBST(n,"from","to"): every occurrence of `from` replaced, left to right.
std::string substitute_all(std::string_view bytes, std::string_view from, std::string_view to);
// $I(n,">") or $I(n,"<"): the bytes as a big- or little-endian unsigned number; nullopt for
// more than 8 bytes.
std::optional<std::uint64_t> unpack_unsigned(std::string_view bytes, bool big_endian);
// A substituted value made safe inside a CPE name (nmap's transform_cpe).
std::string cpe_escape(std::string_view value);

// Fills one template. nullopt when it names a missing group or a malformed command: nmap then
// leaves the field empty. Trailing spaces and commas are trimmed, as nmap does.
std::optional<std::string> substitute_template(std::string_view template_text,
                                               std::string_view subject,
                                               const RegexCaptures& captures, bool for_cpe);

class ServiceMatcher {
 public:
  explicit ServiceMatcher(const ServiceProbeDatabase& database, RegexLimits limits = {})
      : database_(&database), limits_(limits) {}

  // The first rule (soft or hard) of `probe`'s match chain that matches `response`. With
  // `fixed_service` set (an earlier softmatch), only rules for that service are tried.
  std::optional<ServiceMatch> match(const ServiceProbe& probe, std::string_view response,
                                    std::string_view fixed_service = {}) const;

  // The same over an explicit rule list (the built-in table, tests, the fuzzer).
  static std::optional<ServiceMatch> match_rules(const std::vector<MatchRule>& rules,
                                                 std::string_view response, RegexScratch& scratch,
                                                 std::string_view fixed_service = {});

 private:
  const ServiceProbeDatabase* database_;
  RegexLimits limits_;
};

}  // namespace iotscope
