#include "sources/pcap/rotating_pcap_writer.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "sources/pcap/pcap_layout.hpp"
#include "util/nanoseconds.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

fs::path unused_name(const fs::path& dir, RotatingPcapWriter::Clock::time_point now) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  const std::string stem = fmt::format("capture-{:%Y%m%d-%H%M%S}", seconds);
  fs::path path = dir / (stem + ".pcap");
  for (int n = 2; fs::exists(path); ++n) path = dir / fmt::format("{}-{}.pcap", stem, n);
  return path;
}

}  // namespace

RotatingPcapWriter::RotatingPcapWriter(fs::path dir, int link_type, int snaplen,
                                       RotationPolicy policy, Clock::time_point now)
    : dir_(std::move(dir)), snaplen_(snaplen), policy_(policy) {
  dead_ = pcap_open_dead_with_tstamp_precision(link_type, snaplen, PCAP_TSTAMP_PRECISION_NANO);
  if (dead_ == nullptr) {
    throw std::runtime_error(fmt::format("cannot write captures of link type {}", link_type));
  }
  try {
    open_next(now);
  } catch (...) {
    pcap_close(dead_);
    throw;
  }
}

RotatingPcapWriter::~RotatingPcapWriter() {
  try {
    close();
  } catch (...) {
    // A destructor cannot report a failed flush; close() reports it to callers that ask.
  }
  pcap_close(dead_);
}

void RotatingPcapWriter::open_next(Clock::time_point now) {
  const fs::path path = unused_name(dir_, now);
  dumper_ = pcap_dump_open(dead_, path.c_str());
  if (dumper_ == nullptr) {
    throw std::runtime_error(
        fmt::format("cannot write capture file {}: {}", path.string(), pcap_geterr(dead_)));
  }
  current_ = RotatedFile{path, 0, kPcapFileHeaderBytes};
  if (policy_.seconds > 0) {
    next_rotation_ = now + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(policy_.seconds));
  }
}

RotatedFile RotatingPcapWriter::close_current() {
  RotatedFile closed = current_;
  pcap_dumper* dumper = std::exchange(dumper_, nullptr);
  const bool flushed = pcap_dump_flush(dumper) == 0;
  const int flush_errno = errno;
  pcap_dump_close(dumper);
  if (!flushed) {
    throw std::runtime_error(fmt::format("cannot write capture file {}: {}", closed.path.string(),
                                         std::strerror(flush_errno)));
  }
  return closed;
}

std::optional<RotatedFile> RotatingPcapWriter::write(const CaptureFrame& frame,
                                                     Clock::time_point now) {
  if (dumper_ == nullptr) throw std::logic_error("write after close");
  const std::size_t kept = std::min(frame.data.size(), static_cast<std::size_t>(snaplen_));
  const std::uint64_t record = kPcapRecordHeaderBytes + kept;
  std::optional<RotatedFile> rotated;
  if (policy_.max_bytes > 0 && current_.frames > 0 && current_.bytes + record > policy_.max_bytes) {
    rotated = close_current();
    open_next(now);
  }
  pcap_pkthdr header{};
  // The files are written with nanosecond precision: tv_usec holds nanoseconds.
  std::int64_t seconds = frame.ts_ns / kNanosPerSecond;
  std::int64_t nanos = frame.ts_ns % kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    seconds -= 1;
  }
  header.ts.tv_sec = static_cast<time_t>(seconds);
  header.ts.tv_usec = static_cast<suseconds_t>(nanos);
  header.caplen = static_cast<bpf_u_int32>(kept);
  header.len = std::max<bpf_u_int32>(frame.wire_length, header.caplen);
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data.data());
  current_.frames += 1;
  current_.bytes += record;
  return rotated;
}

std::optional<RotatedFile> RotatingPcapWriter::rotate_if_due(Clock::time_point now) {
  if (dumper_ == nullptr || now < next_rotation_) return std::nullopt;
  RotatedFile closed = close_current();
  open_next(now);
  return closed;
}

void RotatingPcapWriter::flush() {
  if (dumper_ != nullptr && pcap_dump_flush(dumper_) != 0) {
    throw std::runtime_error(fmt::format("cannot write capture file {}: {}", current_.path.string(),
                                         std::strerror(errno)));
  }
}

std::optional<RotatedFile> RotatingPcapWriter::close() {
  if (dumper_ == nullptr) return std::nullopt;
  next_rotation_ = Clock::time_point::max();
  return close_current();
}

}  // namespace iotscope
