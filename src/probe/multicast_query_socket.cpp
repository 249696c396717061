#include "probe/multicast_query_socket.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace iotscope {
namespace {

constexpr std::size_t kMaxDatagram = 9000;

std::optional<in_addr> interface_ipv4(const std::string& name) {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return std::nullopt;
  std::optional<in_addr> found;
  for (const ifaddrs* item = list; item != nullptr; item = item->ifa_next) {
    if (item->ifa_addr != nullptr && item->ifa_addr->sa_family == AF_INET &&
        name == item->ifa_name) {
      found = reinterpret_cast<const sockaddr_in*>(item->ifa_addr)->sin_addr;
      break;
    }
  }
  ::freeifaddrs(list);
  return found;
}

[[noreturn]] void fail(const std::string& interface_name, const std::string& what) {
  throw std::runtime_error("cannot query the segment on " + interface_name + ": " + what + ": " +
                           std::strerror(errno));
}

}  // namespace

MulticastQuerySocket::MulticastQuerySocket(const std::string& interface_name) {
  const auto address = interface_ipv4(interface_name);
  const unsigned index = ::if_nametoindex(interface_name.c_str());
  if (!address || index == 0) {
    throw std::runtime_error("cannot query the segment on " + interface_name +
                             ": no such interface with an IPv4 address");
  }
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) fail(interface_name, "socket");
  try {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr = *address;
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
      fail(interface_name, "bind");
    }
    ip_mreqn outgoing{};
    outgoing.imr_address = *address;
    outgoing.imr_ifindex = static_cast<int>(index);
    const unsigned char ttl = 1;
    const unsigned char loop = 0;
    if (::setsockopt(fd_, IPPROTO_IP, IP_MULTICAST_IF, &outgoing, sizeof outgoing) != 0 ||
        ::setsockopt(fd_, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) != 0 ||
        ::setsockopt(fd_, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) != 0) {
      fail(interface_name, "multicast options");
    }
  } catch (...) {
    ::close(fd_);
    throw;
  }
  local_ = IpAddress::v4(ntohl(address->s_addr));
}

MulticastQuerySocket::~MulticastQuerySocket() {
  if (fd_ >= 0) ::close(fd_);
}

void MulticastQuerySocket::send_to_group(const IpAddress& group, std::uint16_t port,
                                         ByteSpan datagram) const {
  if (!group.is_v4() || !group.is_multicast()) {
    throw std::invalid_argument("refused to send a discovery query to " + group.to_string() +
                                ": not an IPv4 multicast group");
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(group.v4_value());
  if (::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<const sockaddr*>(&to),
               sizeof to) < 0) {
    throw std::runtime_error("cannot send to " + group.to_string() + ":" + std::to_string(port) +
                             ": " + std::strerror(errno));
  }
}

void MulticastQuerySocket::receive_until(std::chrono::steady_clock::time_point deadline,
                                         const OnDatagram& on_datagram) const {
  std::vector<std::uint8_t> buffer(kMaxDatagram);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd waiting{fd_, POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(left.count()) + 1) <= 0) continue;
    sockaddr_in from{};
    socklen_t length = sizeof from;
    const ssize_t size = ::recvfrom(fd_, buffer.data(), buffer.size(), 0,
                                    reinterpret_cast<sockaddr*>(&from), &length);
    if (size < 0 || from.sin_family != AF_INET) continue;
    on_datagram(IpAddress::v4(ntohl(from.sin_addr.s_addr)), ntohs(from.sin_port),
                ByteSpan(buffer.data(), static_cast<std::size_t>(size)));
  }
}

}  // namespace iotscope
