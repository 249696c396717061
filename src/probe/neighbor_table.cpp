#include "probe/neighbor_table.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace iotscope {
namespace {

constexpr unsigned kArpFlagComplete = 0x2;  // ATF_COM
constexpr std::size_t kMacTextLength = 17;

}  // namespace

std::map<IpAddress, std::string> read_neighbor_table(const std::string& path) {
  std::map<IpAddress, std::string> table;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // "IP address  HW type  Flags  HW address  Mask  Device"
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string ip;
    std::string hw_type;
    std::string flags;
    std::string mac;
    if (!(fields >> ip >> hw_type >> flags >> mac)) continue;
    const auto address = IpAddress::parse(ip);
    const unsigned flag_bits = static_cast<unsigned>(std::strtoul(flags.c_str(), nullptr, 16));
    if (!address || (flag_bits & kArpFlagComplete) == 0 || mac.size() != kMacTextLength) continue;
    std::transform(mac.begin(), mac.end(), mac.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (mac == "00:00:00:00:00:00") continue;
    table[*address] = mac;
  }
  return table;
}

}  // namespace iotscope
