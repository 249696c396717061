#pragma once
// The one SNMP exchange the prober needs: a GetRequest for sysDescr.0 with a community
// string, and reading the answer's value. BER is parsed with bounds checks: replies are
// untrusted bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iotscope {

namespace snmp_version {
inline constexpr std::uint8_t kV1 = 0;
inline constexpr std::uint8_t kV2c = 1;
}  // namespace snmp_version

// GetRequest-PDU for 1.3.6.1.2.1.1.1.0 (sysDescr.0).
std::string snmp_sysdescr_request(std::uint8_t version, std::string_view community,
                                  std::uint32_t request_id);

struct SnmpReply {
  std::uint8_t version = 0;
  std::string community;
  std::uint32_t request_id = 0;
  std::uint32_t error_status = 0;
  std::string value;  // the first variable's OCTET STRING value, empty for other types
};

// nullopt unless `bytes` is an SNMP GetResponse-PDU.
std::optional<SnmpReply> parse_snmp_reply(std::string_view bytes);

}  // namespace iotscope
