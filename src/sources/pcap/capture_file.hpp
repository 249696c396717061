#pragma once
// Reads one pcap or pcapng file, plain or compressed with gzip or zstd (recognised from the
// magic bytes), with nanosecond timestamps. libpcap opens every file; a plain classic pcap's
// records are then read by the record reader (classic_pcap_records.hpp), the rest by libpcap.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "sources/input_report.hpp"
#include "sources/pcap/capture_frame.hpp"

namespace iotscope {

class CaptureFile {
 public:
  // Returns nullptr and sets `error` (naming the file and what was expected) when the file
  // cannot be opened or is no capture libpcap reads.
  static std::unique_ptr<CaptureFile> open(const std::string& path, InputIssue& error);
  // The same over a plain (uncompressed) capture held in memory, e.g. for fuzzing; `bytes` must
  // outlive the file, and `name` stands for the path in reports.
  static std::unique_ptr<CaptureFile> open_memory(std::span<const std::uint8_t> bytes,
                                                  const std::string& name, InputIssue& error);
  virtual ~CaptureFile() = default;

  // The next frame; false at the end of the file or at the first damage that libpcap cannot
  // read past (then `damage()` says what and where; every frame before it was delivered).
  virtual bool next(CaptureFrame& frame) = 0;
  virtual int link_type() const = 0;
  virtual const std::optional<InputIssue>& damage() const = 0;
  virtual const std::string& path() const = 0;
  // "pcap", "pcapng", with "+gzip" / "+zstd" when compressed.
  virtual std::string format() const = 0;
  // On-disk bytes consumed so far and the file size: the progress measure.
  virtual std::uint64_t consumed_bytes() const = 0;
  virtual std::uint64_t file_size() const = 0;
  // Lets up to `max_buffers` of the file's read buffers be held by others at once, so frames'
  // bytes need not be copied to outlive the next call (CaptureFrame::buffer). Readers that have
  // no such buffers ignore it; by default none is lent.
  virtual void lend_buffers(std::size_t /*max_buffers*/) {}
};

}  // namespace iotscope
