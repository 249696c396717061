#pragma once
// Text forms of addresses found inside payloads.
#include <string>

#include "payload/byte_reader.hpp"

namespace iotscope {

std::string ipv4_text(ByteSpan four_bytes);  // "192.0.2.1"
// RFC 5952 form; an IPv4-mapped address (::ffff:a.b.c.d, as PCP carries IPv4) as dotted quad.
std::string ipv6_text(ByteSpan sixteen_bytes);

}  // namespace iotscope
