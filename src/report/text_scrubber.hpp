#pragma once
// Free text (labels, learnt names, evidence, input messages) can carry addresses that no field
// marks as one; an anonymized report replaces every IPv4, IPv6 and MAC address found in it.
#include <string>
#include <string_view>

#include "report/anonymizer.hpp"

namespace iotscope {

// `text` with each address replaced by the anonymizer's name for it. Candidates are runs of hex
// digits, '.', ':' and '-'; a run is replaced when it is a MAC address or parses as an IP address
// (also "a.b.c.d:port" and a trailing sentence '.' are handled).
std::string scrub_addresses(std::string_view text, const Anonymizer& anonymizer);

}  // namespace iotscope
