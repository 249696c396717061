#pragma once
// A DNS message (RFC 1035) as sent over UDP 53 and as mDNS (RFC 6762) over UDP 5353: the
// questions and the resource records whose data names a host or an address.
#include <cstdint>
#include <string>
#include <vector>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

namespace dns_type {
inline constexpr std::uint16_t kA = 1;
inline constexpr std::uint16_t kNs = 2;
inline constexpr std::uint16_t kCname = 5;
inline constexpr std::uint16_t kPtr = 12;
inline constexpr std::uint16_t kTxt = 16;
inline constexpr std::uint16_t kAaaa = 28;
inline constexpr std::uint16_t kSrv = 33;
}  // namespace dns_type

struct DnsQuestion {
  std::string name;  // dotted, no trailing dot; non-printable bytes as \xHH
  std::uint16_t type = 0;
  std::uint16_t klass = 0;        // class without mDNS's unicast-response bit
  bool unicast_response = false;  // mDNS "QU" bit (top bit of the class)
};

struct DnsRecord {
  std::string name;
  std::uint16_t type = 0;
  std::uint16_t klass = 0;  // class without mDNS's cache-flush bit
  std::uint32_t ttl = 0;
  // A / AAAA: the address as text; CNAME / PTR / NS / SRV: the target name; TXT: the strings
  // joined by single spaces; other types: empty.
  std::string data;
  std::uint16_t srv_port = 0;  // SRV only
};

struct DnsMessage {
  std::uint16_t id = 0;
  bool is_response = false;
  std::uint8_t opcode = 0;
  std::uint8_t rcode = 0;
  bool authoritative = false;
  bool truncated = false;
  bool recursion_desired = false;
  bool recursion_available = false;
  std::vector<DnsQuestion> questions;
  std::vector<DnsRecord> answers;
  std::vector<DnsRecord> authorities;
  std::vector<DnsRecord> additionals;  // mDNS puts SRV / TXT / A of a service here
};

// Names may use compression pointers; a pointer must point strictly backwards and a name may
// hold at most 255 bytes, so a crafted pointer loop ends with an error instead of spinning.
ParseResult<DnsMessage> parse_dns_message(ByteSpan bytes);

}  // namespace iotscope
