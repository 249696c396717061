#pragma once
// What payload inspection learnt about one connection: its application protocol, TLS facts, a
// remote hostname, and timestamped facts about one of its two ends (the originator or the
// responder), which the capture source turns into Observations of the device at that end.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/enums.hpp"
#include "model/flow_record.hpp"

namespace iotscope {

struct PayloadFact {
  bool about_originator = true;  // which end of the connection the fact describes
  std::int64_t ts_ns = 0;
  std::string kind;  // an Observation kind (docs/observations.md)
  std::map<std::string, std::string> fields;
};

struct InspectionResult {
  std::string service;  // "tls", "http", "dns", ...; nDPI's name when no parser knew it
  HowKnown how_known = HowKnown::unknown;
  std::optional<TlsFacts> tls;
  std::string hostname;  // TLS SNI or HTTP Host
  bool credentials_in_clear = false;
  std::vector<std::string> risks;  // nDPI flow risks
  std::vector<PayloadFact> facts;
  // Messages a parser of their protocol could not read, e.g. "DNS message: byte 12: expected
  // compression pointer to an earlier name" (the capture reader counts and reports them).
  std::vector<std::string> parse_errors;
};

}  // namespace iotscope
