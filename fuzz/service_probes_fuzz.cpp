// libFuzzer target for nmap's service-probe format and the matcher: the input is parsed as a
// database text (every bad line must become an issue, never a crash) and matched as a banner
// against a fixed rule set that exercises every template command.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probe/service_matcher.hpp"
#include "probe/service_probe_database.hpp"

namespace {

constexpr std::string_view kFixedRules = R"(Probe TCP NULL q||
match ssh m|^SSH-([\d.]+)-([^\r\n]+)\r?\n| p/$P(2)/ v/$SUBST(1,".","_")/ i/proto $1/ cpe:/a:x:$2/
match bin m|^\x01(.)(..)(.{0,8})|s p/$I(2,">")/ v/$I(3,"<")/ i/$P(1)/
softmatch http m|^HTTP/1\.[01] |
match http m|^HTTP/1\.[01] \d+ .*?Server: ([^\r\n]*)|s p/$1/ h/$9/
match evil m|^(a+)+$|
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto parsed = iotscope::ServiceProbeDatabase::parse(input, "fuzz");
  (void)parsed.rule_count();
  static const auto fixed = iotscope::ServiceProbeDatabase::parse(kFixedRules, "fixed");
  const iotscope::ServiceMatcher matcher(fixed);
  (void)matcher.match(*fixed.null_probe(), input);
  (void)matcher.match(*fixed.null_probe(), input, "http");
  return 0;
}
