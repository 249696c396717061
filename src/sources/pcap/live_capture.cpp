#include "sources/pcap/live_capture.hpp"

#include <fmt/format.h>
#include <pcap/pcap.h>

#include <stdexcept>

#include "util/nanoseconds.hpp"

namespace iotscope {
namespace {

constexpr int kMaxDispatchRounds = 64;

bool permission_refused(int status) {
  return status == PCAP_ERROR_PERM_DENIED || status == PCAP_ERROR_PROMISC_PERM_DENIED;
}

std::string activation_error(const std::string& interface, int status, pcap_t* handle) {
  std::string detail = pcap_geterr(handle);
  if (detail.empty()) detail = pcap_statustostr(status);
  if (permission_refused(status)) {
    return fmt::format(
        "cannot capture on interface '{}': {}; live capture needs root (or the CAP_NET_RAW and "
        "CAP_NET_ADMIN capabilities): run iotscope capture with sudo",
        interface, detail);
  }
  if (status == PCAP_ERROR_NO_SUCH_DEVICE) {
    return fmt::format("cannot capture on interface '{}': {} (`ip link` lists the interfaces)",
                       interface, detail);
  }
  if (status == PCAP_ERROR_IFACE_NOT_UP) {
    return fmt::format("cannot capture on interface '{}': it is down ({})", interface, detail);
  }
  return fmt::format("cannot capture on interface '{}': {}", interface, detail);
}

struct Delivery {
  const std::function<void(const CaptureFrame&)>* on_frame;
  int link_type;
  std::int64_t nanos_per_tick;
};

void deliver(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
  const auto* delivery = reinterpret_cast<const Delivery*>(user);
  CaptureFrame frame;
  frame.ts_ns = static_cast<std::int64_t>(header->ts.tv_sec) * kNanosPerSecond +
                static_cast<std::int64_t>(header->ts.tv_usec) * delivery->nanos_per_tick;
  frame.wire_length = header->len;
  frame.data = std::span<const std::uint8_t>(bytes, header->caplen);
  frame.link_type = delivery->link_type;
  (*delivery->on_frame)(frame);
}

}  // namespace

LiveCapture::LiveCapture(const LiveCaptureOptions& options) : interface_(options.interface) {
  char error[PCAP_ERRBUF_SIZE] = {};
  handle_ = pcap_create(options.interface.c_str(), error);
  if (handle_ == nullptr) {
    throw std::runtime_error(
        fmt::format("cannot capture on interface '{}': {}", options.interface, error));
  }
  try {
    activate(options);
    set_filter(options.filter);
  } catch (...) {
    pcap_close(handle_);
    throw;
  }
}

LiveCapture::~LiveCapture() {
  pcap_close(handle_);
}

void LiveCapture::activate(const LiveCaptureOptions& options) {
  pcap_set_snaplen(handle_, options.snaplen);
  pcap_set_promisc(handle_, options.promiscuous ? 1 : 0);
  pcap_set_immediate_mode(handle_, 1);
  pcap_set_buffer_size(handle_, options.buffer_bytes);
  // Not every interface has nanosecond stamps; then microseconds are scaled below.
  pcap_set_tstamp_precision(handle_, PCAP_TSTAMP_PRECISION_NANO);
  const int status = pcap_activate(handle_);
  if (status < 0) throw std::runtime_error(activation_error(interface_, status, handle_));
  if (status > 0) {
    std::string detail = pcap_geterr(handle_);
    if (detail.empty()) detail = pcap_statustostr(status);
    warnings_.push_back(fmt::format("interface '{}': {}", interface_, detail));
  }
  link_type_ = pcap_datalink(handle_);
  snaplen_ = pcap_snapshot(handle_);
  nanos_per_tick_ = pcap_get_tstamp_precision(handle_) == PCAP_TSTAMP_PRECISION_NANO ? 1 : 1000;
  char error[PCAP_ERRBUF_SIZE] = {};
  if (pcap_setnonblock(handle_, 1, error) != 0) {
    throw std::runtime_error(
        fmt::format("cannot capture on interface '{}': {}", interface_, error));
  }
}

void LiveCapture::set_filter(const std::string& filter) {
  if (filter.empty()) return;
  bpf_program program{};
  if (pcap_compile(handle_, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    throw std::runtime_error(fmt::format(
        "bad capture filter '{}': {}; expected a BPF filter expression as tcpdump takes "
        "(see pcap-filter(7))",
        filter, pcap_geterr(handle_)));
  }
  const int status = pcap_setfilter(handle_, &program);
  pcap_freecode(&program);
  if (status != 0) {
    throw std::runtime_error(fmt::format("cannot set capture filter '{}' on interface '{}': {}",
                                         filter, interface_, pcap_geterr(handle_)));
  }
}

int LiveCapture::selectable_fd() const {
  return pcap_get_selectable_fd(handle_);
}

std::uint64_t LiveCapture::read_waiting(const std::function<void(const CaptureFrame&)>& on_frame) {
  Delivery delivery{&on_frame, link_type_, nanos_per_tick_};
  std::uint64_t total = 0;
  // pcap_dispatch hands over at most one buffer's worth; loop until nothing waits, but return
  // now and then under a flood so the caller can rotate files and see stop signals.
  for (int round = 0; round < kMaxDispatchRounds; ++round) {
    const int count = pcap_dispatch(handle_, -1, &deliver, reinterpret_cast<u_char*>(&delivery));
    if (count < 0) {
      if (count == PCAP_ERROR_BREAK) return total;
      throw std::runtime_error(
          fmt::format("capture on interface '{}' failed: {}", interface_, pcap_geterr(handle_)));
    }
    if (count == 0) return total;
    total += static_cast<std::uint64_t>(count);
  }
  return total;
}

LiveCaptureStats LiveCapture::stats() const {
  pcap_stat raw{};
  if (pcap_stats(handle_, &raw) != 0) return {};
  return LiveCaptureStats{raw.ps_recv, raw.ps_drop, raw.ps_ifdrop};
}

}  // namespace iotscope
