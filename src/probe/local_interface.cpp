#include "probe/local_interface.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <bit>
#include <memory>

namespace iotscope {
namespace {

struct IfaddrsDeleter {
  void operator()(ifaddrs* list) const { freeifaddrs(list); }
};

std::uint32_t host_order(const sockaddr* address) {
  return ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr);
}

}  // namespace

std::optional<LocalInterface> interface_towards(const IpAddress& target) {
  if (!target.is_v4()) return std::nullopt;
  ifaddrs* raw = nullptr;
  if (getifaddrs(&raw) != 0) return std::nullopt;
  const std::unique_ptr<ifaddrs, IfaddrsDeleter> list(raw);
  for (const ifaddrs* it = list.get(); it != nullptr; it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_netmask == nullptr) continue;
    if (it->ifa_addr->sa_family != AF_INET || (it->ifa_flags & IFF_UP) == 0) continue;
    const std::uint32_t address = host_order(it->ifa_addr);
    const std::uint32_t mask = host_order(it->ifa_netmask);
    if ((address & mask) != (target.v4_value() & mask)) continue;
    return LocalInterface{it->ifa_name, IpAddress::v4(address),
                          static_cast<unsigned>(std::popcount(mask))};
  }
  return std::nullopt;
}

}  // namespace iotscope
