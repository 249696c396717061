#include "sources/pcap/classic_pcap_records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "decode/byte_order.hpp"
#include "sources/pcap/pcap_layout.hpp"
#include "sources/pcap/read_buffers.hpp"
#include "util/nanoseconds.hpp"

namespace iotscope {
namespace {

// libpcap's MAXIMUM_SNAPLEN: a record claiming more is damage (every link type iotscope decodes
// has this limit; only D-Bus, USB and EBHSCR captures have larger ones).
constexpr std::uint32_t kMaximumSnaplen = 262144;
constexpr std::uint32_t kMagicMicro = 0xA1B2C3D4;
constexpr std::uint32_t kMagicNano = 0xA1B23C4D;
constexpr std::uint16_t kVersionMajor = 2;
constexpr std::uint16_t kVersionMinor = 4;
// A file is read through reused buffers that each hold at least one whole record. On the
// project's virtual machines, reading 2 GB with read() into a reused buffer takes a quarter of the
// time of touching the same bytes through a memory mapping, whose every new page costs a fault in
// the hypervisor (bench/RESULTS.md section 5).
constexpr std::size_t kBufferBytes = std::size_t{1} << 20;
static_assert(kBufferBytes >= kMaximumSnaplen + kPcapRecordHeaderBytes);

// The file's byte order is the writer's: the magic number says which.
struct Magic {
  bool known = false;
  bool big_endian = false;
  bool nanoseconds = false;
};

Magic magic_of(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kPcapFileHeaderBytes) return {};
  for (const bool big_endian : {false, true}) {
    const std::uint32_t word = big_endian ? load_be32(bytes.data()) : load_le32(bytes.data());
    if (word == kMagicMicro || word == kMagicNano) return {true, big_endian, word == kMagicNano};
  }
  return {};
}

std::uint32_t load32(const std::uint8_t* p, const Magic& magic) {
  return magic.big_endian ? load_be32(p) : load_le32(p);
}

std::uint16_t load16(const std::uint8_t* p, const Magic& magic) {
  return magic.big_endian ? load_be16(p) : load_le16(p);
}

// Contiguous views of a capture's bytes by offset, offsets only growing: bytes held by the
// caller as they are, a file through buffers that are refilled when a record does not fit.
class RecordWindow {
 public:
  explicit RecordWindow(std::span<const std::uint8_t> bytes)
      : bytes_(bytes), buffers_(0), size_(bytes.size()) {}
  RecordWindow(std::unique_ptr<DecompressingReader> file, std::uint64_t size)
      : file_(std::move(file)), buffers_(kBufferBytes), size_(size) {}

  // Up to `count` bytes from `offset`: fewer only where the file ends (or cannot be read).
  std::span<const std::uint8_t> view(std::uint64_t offset, std::size_t count) {
    if (!file_) {
      if (offset >= bytes_.size()) return {};
      return bytes_.subspan(offset, std::min<std::uint64_t>(count, bytes_.size() - offset));
    }
    if (offset + count > start_ + filled_) refill(offset, count);
    if (offset >= start_ + filled_) return {};
    const std::size_t at = static_cast<std::size_t>(offset - start_);
    return {buffers_.current().data() + at, std::min(count, filled_ - at)};
  }
  std::uint64_t size() const { return size_; }
  void lend_at_most(std::size_t buffers) {
    if (file_) buffers_.lend_at_most(buffers);
  }
  // The buffer the last view lies in, when it may be held instead of copied.
  const LendableBuffer* lendable() const { return buffers_.lendable(); }
  // Why a file gave fewer bytes than it holds, if it was not cut.
  const std::optional<std::string>& read_error() const {
    static const std::optional<std::string> none;
    return file_ ? file_->stream_error() : none;
  }

 private:
  // Keeps what lies from `offset` on, moved to the front of a buffer no one else holds, and reads
  // until `count` bytes are there or the file ends.
  void refill(std::uint64_t offset, std::size_t count) {
    const std::size_t keep_from = std::min(static_cast<std::size_t>(offset - start_), filled_);
    buffers_.renew(keep_from, filled_ - keep_from);
    filled_ -= keep_from;
    start_ += keep_from;
    const std::span<std::uint8_t> buffer = buffers_.current();
    while (filled_ < count && !ended_) {
      const std::size_t got = file_->read(std::span<char>(
          reinterpret_cast<char*>(buffer.data()) + filled_, buffer.size() - filled_));
      filled_ += got;
      ended_ = got == 0;
    }
  }

  std::span<const std::uint8_t> bytes_;
  std::unique_ptr<DecompressingReader> file_;
  ReadBuffers buffers_;
  std::uint64_t size_;
  std::uint64_t start_ = 0;  // the file offset of buffer_[0]
  std::size_t filled_ = 0;
  bool ended_ = false;
};

class ClassicPcapRecords final : public CaptureFile {
 public:
  ClassicPcapRecords(std::string path, RecordWindow window, PcapFileFacts facts)
      : path_(std::move(path)),
        window_(std::move(window)),
        magic_(magic_of(window_.view(0, kPcapFileHeaderBytes))),
        facts_(facts),
        snapshot_(static_cast<std::uint32_t>(std::max(facts.snapshot, 1))) {}

  bool next(CaptureFrame& frame) override {
    if (damage_) return false;
    const std::span<const std::uint8_t> head = window_.view(offset_, kPcapRecordHeaderBytes);
    if (head.empty()) return window_.read_error() ? damaged(*window_.read_error()) : false;
    if (head.size() < kPcapRecordHeaderBytes) {
      return cut(fmt::format("truncated dump file; tried to read {} header bytes, only got {}",
                             kPcapRecordHeaderBytes, head.size()));
    }
    const std::uint32_t caplen = load32(head.data() + 8, magic_);
    if (caplen > kMaximumSnaplen) return damaged(impossible_length(caplen));
    // libpcap keeps the snapshot length of a longer record and skips the rest.
    const std::uint32_t kept = std::min(caplen, snapshot_);
    const std::span<const std::uint8_t> record =
        window_.view(offset_, kPcapRecordHeaderBytes + caplen);
    const std::size_t body = record.size() - kPcapRecordHeaderBytes;
    if (body < caplen) {
      return cut(fmt::format("truncated dump file; tried to read {} captured bytes, only got {}",
                             body < kept ? kept : caplen, body));
    }
    fill(frame, record.data(), kept);
    frame.buffer = window_.lendable();
    offset_ += record.size();
    frame.byte_offset = offset_;
    last_offset_ = offset_;
    return true;
  }

  int link_type() const override { return facts_.link_type; }
  const std::optional<InputIssue>& damage() const override { return damage_; }
  const std::string& path() const override { return path_; }
  std::string format() const override { return "pcap"; }
  std::uint64_t consumed_bytes() const override { return last_offset_; }
  std::uint64_t file_size() const override { return window_.size(); }
  void lend_buffers(std::size_t max_buffers) override { window_.lend_at_most(max_buffers); }

 private:
  void fill(CaptureFrame& frame, const std::uint8_t* header, std::uint32_t kept) const {
    const std::int64_t seconds = load32(header, magic_);
    const std::int64_t fraction = load32(header + 4, magic_);
    frame.ts_ns = seconds * kNanosPerSecond + (magic_.nanoseconds ? fraction : fraction * 1000);
    frame.wire_length = load32(header + 12, magic_);
    frame.data = std::span<const std::uint8_t>(header + kPcapRecordHeaderBytes, kept);
    frame.link_type = facts_.link_type;
  }

  std::string impossible_length(std::uint32_t caplen) const {
    if (caplen > snapshot_) {
      return fmt::format("invalid packet capture length {}, bigger than snaplen of {}", caplen,
                         facts_.snapshot);
    }
    return fmt::format("invalid packet capture length {}, bigger than maximum of {}", caplen,
                       kMaximumSnaplen);
  }

  // A record that ends early: the file was cut there, unless reading it failed.
  bool cut(const std::string& what) {
    return damaged(window_.read_error() ? *window_.read_error() : what);
  }

  bool damaged(const std::string& what) {
    damage_ = InputIssue{path_, 0, 0, last_offset_,
                         fmt::format("capture damaged after the last good frame: {}; expected a "
                                     "complete pcap record",
                                     what)};
    return false;
  }

  std::string path_;
  RecordWindow window_;
  Magic magic_;
  PcapFileFacts facts_;
  std::uint32_t snapshot_;
  std::uint64_t offset_ = kPcapFileHeaderBytes;
  std::uint64_t last_offset_ = 0;  // where the last good record ends (0 before the first)
  std::optional<InputIssue> damage_;
};

std::unique_ptr<CaptureFile> records_in(std::string path, RecordWindow window,
                                        PcapFileFacts facts) {
  if (!reads_classic_pcap_records(window.view(0, kPcapFileHeaderBytes))) return nullptr;
  return std::make_unique<ClassicPcapRecords>(std::move(path), std::move(window), facts);
}

}  // namespace

bool reads_classic_pcap_records(std::span<const std::uint8_t> bytes) {
  const Magic magic = magic_of(bytes);
  return magic.known && load16(bytes.data() + 4, magic) == kVersionMajor &&
         load16(bytes.data() + 6, magic) == kVersionMinor;
}

std::unique_ptr<CaptureFile> classic_pcap_records(std::string path,
                                                  std::span<const std::uint8_t> bytes,
                                                  PcapFileFacts facts) {
  return records_in(std::move(path), RecordWindow(bytes), facts);
}

std::unique_ptr<CaptureFile> classic_pcap_records(std::string path,
                                                  std::unique_ptr<DecompressingReader> file,
                                                  PcapFileFacts facts) {
  const std::uint64_t size = file->file_size();
  return records_in(std::move(path), RecordWindow(std::move(file), size), facts);
}

}  // namespace iotscope
