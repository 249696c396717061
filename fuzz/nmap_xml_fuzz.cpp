// Arbitrary bytes as an nmap -oX document: the reader must report, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/nmap/nmap_xml_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto result = iotscope::read_nmap_xml_text(text, "fuzz.xml");
  volatile std::size_t sink = result.offers.size() + result.report.issues.size();
  (void)sink;
  return 0;
}
