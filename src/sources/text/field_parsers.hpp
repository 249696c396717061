#pragma once
// Parsers for the field values of exported tables. They take views, allocate nothing, and
// accept what common exporters write (pandas writes integer columns holding gaps as "443.0").
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/ip_address.hpp"
#include "util/text.hpp"

namespace iotscope {

// An integer 0-65535, also written as a float with a zero fraction ("443.0").
std::optional<std::uint16_t> parse_port(std::string_view text);
// A non-negative integer count, also as "12.0"; empty means 0.
std::optional<std::uint64_t> parse_count(std::string_view text);
// Unix seconds ("1556668800.25"), or an ISO 8601 UTC date-time ("2023-05-01T12:00:00.5Z").
std::optional<double> parse_unix_time(std::string_view text);
// Dotted-quad IPv4 (fast path) or any IPv6 text form.
std::optional<IpAddress> parse_ip(std::string_view text);
// A MAC address written with ':' or '-' separators or as 12 hex digits, as "aa:bb:cc:dd:ee:ff".
std::optional<std::string> canonical_mac(std::string_view text);
// Six upper-case hex digits from an OUI field ("b8:27:eb", "B827EB", "b827eb000000").
std::optional<std::string> canonical_oui(std::string_view text);
// "1", "true", "t", "yes", "y", "1.0" (any case).
bool is_truthy(std::string_view text);
// A field value quoted for a message: at most 40 bytes, control and non-ASCII bytes as \xNN.
std::string quote_for_message(std::string_view text);

}  // namespace iotscope

namespace iotscope {

// A MAC address as a 48-bit number, from the same spellings canonical_mac accepts.
std::optional<std::uint64_t> parse_mac48(std::string_view text);
// "aa:bb:cc:dd:ee:ff" for a 48-bit MAC, without allocating.
std::array<char, 17> mac48_text(std::uint64_t mac);

}  // namespace iotscope
