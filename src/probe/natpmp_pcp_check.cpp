#include "probe/natpmp_pcp_check.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

#include "payload/natpmp_message.hpp"
#include "payload/pcp_message.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kNatPmpPort = 5351;
constexpr std::uint8_t kPcpVersion = 2;
constexpr std::size_t kPcpHeaderSize = 24;
constexpr std::size_t kMaxReply = 1100;  // PCP's maximum message size

class UdpSocket {
 public:
  explicit UdpSocket(int family) : fd_(::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  ~UdpSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

socklen_t gateway_address(const IpAddress& gateway, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  if (gateway.is_v4()) {
    auto& v4 = reinterpret_cast<sockaddr_in&>(out);
    v4.sin_family = AF_INET;
    v4.sin_port = htons(kNatPmpPort);
    v4.sin_addr.s_addr = htonl(gateway.v4_value());
    return sizeof v4;
  }
  auto& v6 = reinterpret_cast<sockaddr_in6&>(out);
  v6.sin6_family = AF_INET6;
  v6.sin6_port = htons(kNatPmpPort);
  std::memcpy(v6.sin6_addr.s6_addr, gateway.bytes().data(), 16);
  return sizeof v6;
}

// The PCP client address field: our own address towards the gateway, IPv4 as v4-mapped.
std::array<std::uint8_t, 16> own_address(int fd) {
  std::array<std::uint8_t, 16> out{};
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) return out;
  if (local.ss_family == AF_INET) {
    out[10] = 0xff;
    out[11] = 0xff;
    std::memcpy(out.data() + 12, &reinterpret_cast<const sockaddr_in&>(local).sin_addr, 4);
  } else {
    std::memcpy(out.data(), reinterpret_cast<const sockaddr_in6&>(local).sin6_addr.s6_addr, 16);
  }
  return out;
}

struct Exchange {
  std::optional<std::vector<std::uint8_t>> reply;
  std::string note;
};

// Sends `request` up to `attempts` times on a connected socket and returns the first reply.
Exchange exchange(int fd, const std::vector<std::uint8_t>& request,
                  const NatCheckOptions& options) {
  Exchange out{std::nullopt, "no reply"};
  for (int attempt = 0; attempt < std::max(1, options.attempts); ++attempt) {
    if (::send(fd, request.data(), request.size(), 0) < 0) {
      out.note = std::string("send failed: ") + std::strerror(errno);
      return out;
    }
    pollfd waiting{fd, POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(options.wait.count())) <= 0) continue;
    std::vector<std::uint8_t> reply(kMaxReply);
    const ssize_t size = ::recv(fd, reply.data(), reply.size(), 0);
    if (size < 0) {
      // ICMP port unreachable surfaces here on a connected socket: nothing listens.
      out.note = errno == ECONNREFUSED ? "port unreachable" : std::strerror(errno);
      if (errno == ECONNREFUSED) return out;
      continue;
    }
    reply.resize(static_cast<std::size_t>(size));
    out.reply = std::move(reply);
    out.note.clear();
    return out;
  }
  return out;
}

NatPmpAnswer ask_natpmp(int fd, const NatCheckOptions& options) {
  NatPmpAnswer answer;
  const Exchange result = exchange(fd, {0, 0}, options);
  answer.note = result.note;
  if (!result.reply) return answer;
  const auto message = parse_natpmp_message(*result.reply);
  if (!message || !message->is_response) {
    answer.note = "unparsable reply: " +
                  (message ? std::string("not a response") : message.error().message());
    return answer;
  }
  answer.answered = true;
  answer.result_code = message->result_code;
  answer.epoch = message->seconds_since_epoch;
  answer.external_address = message->external_address;
  return answer;
}

PcpAnswer ask_pcp(int fd, const NatCheckOptions& options) {
  PcpAnswer answer;
  std::vector<std::uint8_t> request(kPcpHeaderSize, 0);
  request[0] = kPcpVersion;  // opcode 0 = ANNOUNCE, lifetime 0
  const auto client = own_address(fd);
  std::copy(client.begin(), client.end(), request.begin() + 8);
  const Exchange result = exchange(fd, request, options);
  answer.note = result.note;
  if (!result.reply || result.reply->empty()) return answer;
  const std::vector<std::uint8_t>& reply = *result.reply;
  if (reply[0] != kPcpVersion) {
    // A NAT-PMP-only gateway answers a version it does not know with its own version 0 header
    // and result 1, "unsupported version" (RFC 6887 section 9).
    const auto message = parse_natpmp_message(reply);
    if (!message) {
      answer.note = "unparsable reply: " + message.error().message();
      return answer;
    }
    answer.answered = true;
    answer.version = reply[0];
    answer.result_code = message->result_code;
    answer.epoch = message->seconds_since_epoch;
    return answer;
  }
  const auto message = parse_pcp_message(reply);
  if (!message || !message->is_response) {
    answer.note = "unparsable reply: " +
                  (message ? std::string("not a response") : message.error().message());
    return answer;
  }
  answer.answered = true;
  answer.version = message->version;
  answer.result_code = message->result_code;
  answer.epoch = message->epoch_time;
  answer.lifetime = message->lifetime;
  return answer;
}

bool connect_to(const UdpSocket& socket, const IpAddress& gateway) {
  sockaddr_storage address{};
  const socklen_t length = gateway_address(gateway, address);
  return socket.fd() >= 0 &&
         ::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&address), length) == 0;
}

}  // namespace

NatGatewayCheck check_natpmp_pcp(const IpAddress& gateway, const AddressAllowed& allowed,
                                 const NatCheckOptions& options) {
  NatGatewayCheck check;
  check.gateway = gateway;
  check.ts = unix_time_now();
  if (gateway.is_unset() || !allowed(gateway)) {
    check.error = "refused NAT-PMP/PCP check of " + gateway.to_string() +
                  ": the address is outside the targets";
    return check;
  }
  const int family = gateway.is_v4() ? AF_INET : AF_INET6;
  const UdpSocket natpmp(family);
  const UdpSocket pcp(family);
  if (!connect_to(natpmp, gateway) || !connect_to(pcp, gateway)) {
    check.error =
        "cannot open a UDP socket to " + gateway.to_string() + ":5351: " + std::strerror(errno);
    return check;
  }
  check.natpmp = ask_natpmp(natpmp.fd(), options);
  check.pcp = ask_pcp(pcp.fd(), options);
  return check;
}

Observation nat_check_observation(const NatGatewayCheck& check) {
  return probe_observation(check.ts, "nat_gateway_check", check.gateway, kNatPmpPort,
                           {{"natpmp_answered", check.natpmp.answered ? "true" : "false"},
                            {"natpmp_result", std::to_string(check.natpmp.result_code)},
                            {"natpmp_epoch", std::to_string(check.natpmp.epoch)},
                            {"external_address", check.natpmp.external_address},
                            {"pcp_answered", check.pcp.answered ? "true" : "false"},
                            {"pcp_version", std::to_string(check.pcp.version)},
                            {"pcp_result", std::to_string(check.pcp.result_code)},
                            {"pcp_epoch", std::to_string(check.pcp.epoch)}});
}

}  // namespace iotscope
