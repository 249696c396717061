#pragma once
// Writes captured frames into a series of pcap files with nanosecond timestamps: a new file every
// `seconds` and/or before a file would pass `max_bytes`. A closed file is complete (flushed and
// closed through libpcap), so it can be read while the capture goes on.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "sources/pcap/capture_frame.hpp"

struct pcap;
struct pcap_dumper;

namespace iotscope {

struct RotationPolicy {
  double seconds = 300;         // 0: never by time
  std::uint64_t max_bytes = 0;  // 0: never by size; else a file holds at least one frame
};

struct RotatedFile {
  std::filesystem::path path;
  std::uint64_t frames = 0;
  std::uint64_t bytes = 0;  // file size, pcap headers included
};

class RotatingPcapWriter {
 public:
  using Clock = std::chrono::system_clock;

  // Opens the first file, DIR/capture-YYYYmmdd-HHMMSS.pcap (UTC of `now`; "-2", "-3", ... when
  // that name is taken). Throws std::runtime_error naming the file when it cannot be written.
  RotatingPcapWriter(std::filesystem::path dir, int link_type, int snaplen, RotationPolicy policy,
                     Clock::time_point now);
  ~RotatingPcapWriter();
  RotatingPcapWriter(const RotatingPcapWriter&) = delete;
  RotatingPcapWriter& operator=(const RotatingPcapWriter&) = delete;

  // Writes one frame (its bytes cut to the snap length). When the frame would take the file past
  // max_bytes and the file holds frames, the file is closed first and returned.
  std::optional<RotatedFile> write(const CaptureFrame& frame, Clock::time_point now);
  // Closes the current file and opens the next when the file is `seconds` old.
  std::optional<RotatedFile> rotate_if_due(Clock::time_point now);
  // When rotate_if_due will rotate (Clock::time_point::max() without time rotation).
  Clock::time_point next_rotation() const { return next_rotation_; }
  // Hands buffered frames to the operating system. Throws when the file cannot be written.
  void flush();
  // Closes the current file for good and returns it; nothing once closed.
  std::optional<RotatedFile> close();

  const std::filesystem::path& current_path() const { return current_.path; }

 private:
  void open_next(Clock::time_point now);
  RotatedFile close_current();

  std::filesystem::path dir_;
  int snaplen_;
  RotationPolicy policy_;
  pcap* dead_ = nullptr;  // the link type and precision every file is written with
  pcap_dumper* dumper_ = nullptr;
  RotatedFile current_;
  Clock::time_point next_rotation_ = Clock::time_point::max();
};

}  // namespace iotscope
