#include "sources/pcap/classic_pcap_records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "decode/byte_order.hpp"
#include "sources/pcap/pcap_layout.hpp"
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
// A mapped file is read in windows: each is mapped in one call before its records are read, and
// what lies a window behind leaves the resident set, so memory stays at a few windows, not the
// file size.
constexpr std::size_t kWindowBytes = std::size_t{8} << 20;

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

class ClassicPcapRecords final : public CaptureFile {
 public:
  ClassicPcapRecords(std::string path, std::span<const std::uint8_t> bytes, PcapFileFacts facts,
                     std::unique_ptr<MappedFile> mapping)
      : path_(std::move(path)),
        mapping_(std::move(mapping)),
        bytes_(bytes),
        magic_(magic_of(bytes)),
        facts_(facts),
        snapshot_(static_cast<std::uint32_t>(std::max(facts.snapshot, 1))) {}

  bool next(CaptureFrame& frame) override {
    if (damage_ || offset_ >= bytes_.size()) return false;
    const std::size_t left = bytes_.size() - offset_;
    if (left < kPcapRecordHeaderBytes) {
      return damaged(fmt::format("truncated dump file; tried to read {} header bytes, only got {}",
                                 kPcapRecordHeaderBytes, left));
    }
    const std::uint8_t* header = bytes_.data() + offset_;
    const std::uint32_t caplen = load32(header + 8, magic_);
    if (caplen > kMaximumSnaplen) return damaged(impossible_length(caplen));
    // libpcap keeps the snapshot length of a longer record and skips the rest.
    const std::uint32_t kept = std::min(caplen, snapshot_);
    const std::size_t body = left - kPcapRecordHeaderBytes;
    if (body < caplen) {
      return damaged(
          fmt::format("truncated dump file; tried to read {} captured bytes, only got {}",
                      body < kept ? kept : caplen, body));
    }
    fill(frame, header, kept);
    if (mapping_ && offset_ + caplen + kPcapRecordHeaderBytes > window_end_) next_window();
    offset_ += kPcapRecordHeaderBytes + caplen;
    frame.byte_offset = offset_;
    last_offset_ = offset_;
    return true;
  }

  int link_type() const override { return facts_.link_type; }
  const std::optional<InputIssue>& damage() const override { return damage_; }
  const std::string& path() const override { return path_; }
  std::string format() const override { return "pcap"; }
  std::uint64_t consumed_bytes() const override { return last_offset_; }
  std::uint64_t file_size() const override { return bytes_.size(); }

 private:
  void fill(CaptureFrame& frame, const std::uint8_t* header, std::uint32_t kept) const {
    const std::int64_t seconds = load32(header, magic_);
    const std::int64_t fraction = load32(header + 4, magic_);
    frame.ts_ns = seconds * kNanosPerSecond + (magic_.nanoseconds ? fraction : fraction * 1000);
    frame.wire_length = load32(header + 12, magic_);
    frame.data = std::span<const std::uint8_t>(header + kPcapRecordHeaderBytes, kept);
    frame.link_type = facts_.link_type;
  }

  // This frame's bytes stay mapped: only what lies a whole window behind it is released.
  void next_window() {
    const std::size_t start = offset_ > kWindowBytes ? offset_ - kWindowBytes : 0;
    mapping_->release(released_, start);
    released_ = std::max(released_, start);
    window_end_ = offset_ + kWindowBytes;
    mapping_->populate(offset_, window_end_);
  }

  std::string impossible_length(std::uint32_t caplen) const {
    if (caplen > snapshot_) {
      return fmt::format("invalid packet capture length {}, bigger than snaplen of {}", caplen,
                         facts_.snapshot);
    }
    return fmt::format("invalid packet capture length {}, bigger than maximum of {}", caplen,
                       kMaximumSnaplen);
  }

  bool damaged(const std::string& what) {
    damage_ = InputIssue{path_, 0, 0, last_offset_,
                         fmt::format("capture damaged after the last good frame: {}; expected a "
                                     "complete pcap record",
                                     what)};
    return false;
  }

  std::string path_;
  std::unique_ptr<MappedFile> mapping_;
  std::span<const std::uint8_t> bytes_;
  Magic magic_;
  PcapFileFacts facts_;
  std::uint32_t snapshot_;
  std::size_t offset_ = kPcapFileHeaderBytes;
  std::size_t window_end_ = 0;     // the mapping is populated up to here
  std::size_t released_ = 0;       // and released before here
  std::uint64_t last_offset_ = 0;  // where the last good record ends (0 before the first)
  std::optional<InputIssue> damage_;
};

}  // namespace

bool reads_classic_pcap_records(std::span<const std::uint8_t> bytes) {
  const Magic magic = magic_of(bytes);
  return magic.known && load16(bytes.data() + 4, magic) == kVersionMajor &&
         load16(bytes.data() + 6, magic) == kVersionMinor;
}

std::unique_ptr<CaptureFile> classic_pcap_records(std::string path,
                                                  std::span<const std::uint8_t> bytes,
                                                  PcapFileFacts facts,
                                                  std::unique_ptr<MappedFile> mapping) {
  return std::make_unique<ClassicPcapRecords>(std::move(path), bytes, facts, std::move(mapping));
}

}  // namespace iotscope
