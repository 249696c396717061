#pragma once
// Frames from a network interface through libpcap: promiscuous, immediate delivery, a kernel
// buffer, an optional BPF filter, nanosecond timestamps where the interface has them. The handle
// is non-blocking: poll `selectable_fd()` and read what waits.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sources/pcap/capture_frame.hpp"

struct pcap;

namespace iotscope {

struct LiveCaptureOptions {
  std::string interface;
  std::string filter;                   // BPF as tcpdump takes it; empty: every frame
  int snaplen = 262144;                 // bytes kept of each frame
  int buffer_bytes = 32 * 1024 * 1024;  // kernel buffer: frames wait there while we write
  bool promiscuous = true;
};

struct LiveCaptureStats {
  std::uint64_t received = 0;           // frames that passed the filter
  std::uint64_t dropped = 0;            // dropped because the buffer was full
  std::uint64_t interface_dropped = 0;  // dropped by the interface or its driver
};

class LiveCapture {
 public:
  // Opens and activates the capture. Throws std::runtime_error naming the interface and
  // libpcap's message (and that live capture needs root when permission was refused), or the
  // filter and libpcap's complaint when the filter does not compile.
  explicit LiveCapture(const LiveCaptureOptions& options);
  ~LiveCapture();
  LiveCapture(const LiveCapture&) = delete;
  LiveCapture& operator=(const LiveCapture&) = delete;

  int link_type() const { return link_type_; }
  int snaplen() const { return snaplen_; }
  // Readable when frames wait.
  int selectable_fd() const;
  // Hands every frame waiting now to `on_frame`, without blocking; returns how many. The frame's
  // bytes are valid during the call only. Throws std::runtime_error (naming the interface) when
  // the capture fails, e.g. when the interface went away.
  std::uint64_t read_waiting(const std::function<void(const CaptureFrame&)>& on_frame);
  LiveCaptureStats stats() const;
  // What libpcap warned about while activating (e.g. no promiscuous mode), if anything.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  void activate(const LiveCaptureOptions& options);
  void set_filter(const std::string& filter);

  std::string interface_;
  pcap* handle_ = nullptr;
  int link_type_ = 0;
  int snaplen_ = 0;
  std::int64_t nanos_per_tick_ = 1;  // 1000 when the interface gives microseconds only
  std::vector<std::string> warnings_;
};

}  // namespace iotscope
