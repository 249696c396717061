#pragma once
// Bytes a remote service sent, made safe to show and store: nmap's banner style, printable
// ASCII kept, everything else escaped, so a banner never smuggles control bytes into a
// terminal, a JSON file or a report.
#include <cstddef>
#include <string>
#include <string_view>

namespace iotscope {

// The first `max_bytes` bytes of `bytes`, with \r \n \t \\ and \xHH escapes for the rest.
std::string printable_escaped(std::string_view bytes, std::size_t max_bytes = 256);

}  // namespace iotscope
