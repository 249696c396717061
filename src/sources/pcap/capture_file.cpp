#include "sources/pcap/capture_file.hpp"

#include <fmt/format.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <span>

#include "decode/link_type.hpp"
#include "sources/pcap/classic_pcap_records.hpp"
#include "sources/pcap/pcap_layout.hpp"
#include "sources/text/compressed_file.hpp"

namespace iotscope {
namespace {

constexpr std::uint32_t kPcapngMagic = 0x0A0D0D0A;
// Classic pcap (micro- or nanosecond, either byte order): a 24-byte file header, then records of
// a 16-byte header and caplen bytes, so a record's end offset is arithmetic, no ftell needed.
constexpr std::array<std::uint32_t, 4> kClassicPcapMagics{0xA1B2C3D4, 0xD4C3B2A1, 0xA1B23C4D,
                                                          0x4D3CB2A1};
constexpr std::uint64_t kPcapLinkTypeOffset = 20;  // the file header's last field
constexpr std::size_t kReadBufferBytes = std::size_t{1} << 20;
// pcapng stores 64-bit times: anything from 2^62 ns on (the year 2116) is damage, which leaves
// room for every later sum of times and timeouts in signed 64-bit nanoseconds.
constexpr std::int64_t kMaxTimestampSeconds = (std::int64_t{1} << 62) / 1'000'000'000;

bool is_classic_pcap(std::uint32_t first_word) {
  return std::find(kClassicPcapMagics.begin(), kClassicPcapMagics.end(), first_word) !=
         kClassicPcapMagics.end();
}

// A stdio stream over a decompressing reader, so libpcap reads compressed captures as if plain.
// ftell on it (libpcap's error offsets) asks `seek` for the current position only.
class DecompressedStream {
 public:
  explicit DecompressedStream(std::unique_ptr<DecompressingReader> reader)
      : reader_(std::move(reader)) {}

  FILE* open_stream() {
    const cookie_io_functions_t functions{&DecompressedStream::read_cookie, nullptr,
                                          &DecompressedStream::seek_cookie, nullptr};
    return fopencookie(this, "r", functions);
  }
  const DecompressingReader& reader() const { return *reader_; }
  // The first four decompressed bytes: the capture format's magic.
  std::uint32_t first_word() const { return first_word_; }

 private:
  static ssize_t read_cookie(void* cookie, char* buffer, std::size_t size) {
    auto* self = static_cast<DecompressedStream*>(cookie);
    const std::size_t got = self->reader_->read(std::span<char>(buffer, size));
    if (self->position_ == 0 && got >= sizeof self->first_word_) {
      std::memcpy(&self->first_word_, buffer, sizeof self->first_word_);
    }
    self->position_ += got;
    return static_cast<ssize_t>(got);
  }
  static int seek_cookie(void* cookie, off64_t* offset, int whence) {
    auto* self = static_cast<DecompressedStream*>(cookie);
    if (whence != SEEK_CUR || *offset != 0) return -1;
    *offset = static_cast<off64_t>(self->position_);
    return 0;
  }

  std::unique_ptr<DecompressingReader> reader_;
  std::uint64_t position_ = 0;
  std::uint32_t first_word_ = 0;
};

struct PcapCloser {
  void operator()(pcap_t* handle) const { pcap_close(handle); }
};

class LibpcapCaptureFile final : public CaptureFile {
 public:
  LibpcapCaptureFile(std::string path, std::unique_ptr<DecompressedStream> stream,
                     std::unique_ptr<pcap_t, PcapCloser> handle, std::string format,
                     std::uint64_t file_size, bool classic_pcap)
      : path_(std::move(path)),
        stream_(std::move(stream)),
        handle_(std::move(handle)),
        format_(std::move(format)),
        file_size_(file_size),
        link_type_(pcap_datalink(handle_.get())),
        snapshot_(pcap_snapshot(handle_.get())),
        classic_pcap_(classic_pcap) {}

  bool next(CaptureFrame& frame) override {
    if (damage_) return false;
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int status = pcap_next_ex(handle_.get(), &header, &data);
    if (status == 1) {
      if (header->ts.tv_sec < 0 || header->ts.tv_sec >= kMaxTimestampSeconds) {
        record_damage(fmt::format("frame timestamp of {} s is out of range (1970 to 2116)",
                                  static_cast<std::int64_t>(header->ts.tv_sec)));
        return false;
      }
      fill(frame, *header, data);
      return true;
    }
    if (status == PCAP_ERROR) record_damage(pcap_geterr(handle_.get()));
    if (!damage_ && stream_ && stream_->reader().stream_error()) {
      record_damage(*stream_->reader().stream_error());
    }
    return false;
  }

  int link_type() const override { return link_type_; }
  const std::optional<InputIssue>& damage() const override { return damage_; }
  const std::string& path() const override { return path_; }
  std::string format() const override { return format_; }
  std::uint64_t consumed_bytes() const override {
    if (stream_) return stream_->reader().consumed_bytes();
    return std::min<std::uint64_t>(last_offset_, file_size_);
  }
  std::uint64_t file_size() const override { return file_size_; }

 private:
  void fill(CaptureFrame& frame, const pcap_pkthdr& header, const u_char* data) {
    // The handle was opened with nanosecond precision, so tv_usec holds nanoseconds.
    frame.ts_ns = static_cast<std::int64_t>(header.ts.tv_sec) * 1'000'000'000 +
                  static_cast<std::int64_t>(header.ts.tv_usec);
    frame.wire_length = header.len;
    frame.data = std::span<const std::uint8_t>(data, header.caplen);
    frame.link_type = link_type_;
    last_offset_ = record_end(header);
    frame.byte_offset = last_offset_;
  }

  // ftell costs an lseek system call per frame on a plain file (a fifth of the CPU time of
  // `iotscope flows`), so classic pcap counts record sizes instead. libpcap cuts records longer
  // than the snapshot length after reading them whole, so those ask ftell to stay exact.
  std::uint64_t record_end(const pcap_pkthdr& header) const {
    const bool cut_possible =
        snapshot_ <= 0 || header.caplen >= static_cast<bpf_u_int32>(snapshot_);
    if (classic_pcap_ && !cut_possible) {
      return std::max(last_offset_, kPcapFileHeaderBytes) + kPcapRecordHeaderBytes + header.caplen;
    }
    const long offset = std::ftell(pcap_file(handle_.get()));
    return offset < 0 ? last_offset_ : static_cast<std::uint64_t>(offset);
  }

  void record_damage(const std::string& what) {
    damage_ = InputIssue{path_, 0, 0, last_offset_,
                         fmt::format("capture damaged after the last good frame: {}; expected a "
                                     "complete {} record",
                                     what, format_.starts_with("pcapng") ? "pcapng" : "pcap")};
  }

  std::string path_;
  std::unique_ptr<DecompressedStream> stream_;
  std::unique_ptr<pcap_t, PcapCloser> handle_;
  std::string format_;
  std::uint64_t file_size_;
  int link_type_;
  int snapshot_;
  bool classic_pcap_;
  std::uint64_t last_offset_ = 0;
  std::optional<InputIssue> damage_;
};

std::array<unsigned char, 4> read_magic(const std::string& path, std::uint64_t& size,
                                        std::string& error) {
  std::array<unsigned char, 4> head{};
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    error = std::strerror(errno);
    return head;
  }
  const std::size_t got = std::fread(head.data(), 1, head.size(), file);
  std::fseek(file, 0, SEEK_END);
  size = static_cast<std::uint64_t>(std::max(0L, std::ftell(file)));
  std::fclose(file);
  if (got < head.size()) error = "shorter than a capture file header";
  return head;
}

// Frames of a link type the decoder does not know would each be skipped as malformed: one clear
// refusal of the file says more than a warning per frame. Closes `handle` when it refuses.
bool refuse_link_type(pcap_t* handle, std::uint32_t first_word, InputIssue& error) {
  const int link = pcap_datalink(handle);
  if (is_supported_link_type(link)) return false;
  pcap_close(handle);
  const bool pcapng = first_word == kPcapngMagic;
  error.byte_offset = pcapng ? 0 : kPcapLinkTypeOffset;
  error.message = fmt::format(
      "link type {} (in the {}) is not one iotscope decodes; expected Ethernet (1), raw IP "
      "(12, 14, 101, 228, 229), Linux cooked (113, 276), 802.11 (105, 127) or loopback (0, 108)",
      link, pcapng ? "interface description block" : "file header");
  return true;
}

// Once libpcap has vouched for the header, the records of a classic pcap (version 2.4) are read
// by the record reader and `handle` is closed. Anything else (pcapng, old versions) gives nullptr
// and stays with libpcap.
std::unique_ptr<CaptureFile> hand_over(std::unique_ptr<CaptureFile> records, pcap_t* handle) {
  if (records) pcap_close(handle);
  return records;
}

PcapFileFacts facts_of(pcap_t* handle) {
  return PcapFileFacts{pcap_datalink(handle), pcap_snapshot(handle)};
}

std::unique_ptr<CaptureFile> records_in_file(const std::string& path, pcap_t* handle) {
  std::string ignored;
  auto file = DecompressingReader::open(path, ignored);
  if (!file || file->compression() != Compression::none) return nullptr;
  return hand_over(classic_pcap_records(path, std::move(file), facts_of(handle)), handle);
}

}  // namespace

std::unique_ptr<CaptureFile> CaptureFile::open(const std::string& path, InputIssue& error) {
  error = InputIssue{path, 0, 0, 0, {}};
  std::uint64_t size = 0;
  std::string problem;
  const auto magic = read_magic(path, size, problem);
  if (!problem.empty()) {
    error.message = fmt::format("cannot read a capture: {}", problem);
    return nullptr;
  }
  const Compression compression = detect_compression(magic);
  // libpcap reads through a stdio stream over our reader, plain files too: ftell() on it (the
  // offset of every pcapng frame) asks the reader instead of making an lseek system call, which
  // doubled the time of reading a pcapng capture.
  std::string open_error;
  auto reader = DecompressingReader::open(path, open_error);
  if (!reader) {
    error.message = fmt::format("cannot open: {}", open_error);
    return nullptr;
  }
  auto stream = std::make_unique<DecompressedStream>(std::move(reader));
  std::array<char, PCAP_ERRBUF_SIZE> errbuf{};
  pcap_t* handle = nullptr;
  if (FILE* file = stream->open_stream()) {
    // stdio's default buffer would call the reader every 4 KiB. pcap_close() closes the file.
    std::setvbuf(file, nullptr, _IOFBF, kReadBufferBytes);
    handle =
        pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf.data());
    if (handle == nullptr) std::fclose(file);
  }
  if (handle == nullptr && compression != Compression::none && stream->reader().stream_error()) {
    // A compressed capture cut before its header: the cut is the problem, not the format.
    error.message = fmt::format("{}, before a capture file header; expected a complete {} stream",
                                *stream->reader().stream_error(), to_string(compression));
    return nullptr;
  }
  if (handle == nullptr) {
    error.message = fmt::format(
        "not a capture libpcap reads ({}); expected a pcap or pcapng file, plain or compressed "
        "with gzip or zstd",
        errbuf.data());
    return nullptr;
  }
  const std::uint32_t first_word = stream->first_word();
  if (refuse_link_type(handle, first_word, error)) return nullptr;
  if (compression == Compression::none && is_classic_pcap(first_word)) {
    if (auto records = records_in_file(path, handle)) return records;
  }
  std::string format = first_word == kPcapngMagic ? "pcapng" : "pcap";
  if (compression != Compression::none) format += fmt::format("+{}", to_string(compression));
  return std::make_unique<LibpcapCaptureFile>(path, std::move(stream),
                                              std::unique_ptr<pcap_t, PcapCloser>(handle),
                                              std::move(format), size, is_classic_pcap(first_word));
}

std::unique_ptr<CaptureFile> CaptureFile::open_memory(std::span<const std::uint8_t> bytes,
                                                      const std::string& name, InputIssue& error) {
  error = InputIssue{name, 0, 0, 0, {}};
  std::array<unsigned char, 4> magic{};
  if (bytes.size() < magic.size()) {
    error.message = "cannot read a capture: shorter than a capture file header";
    return nullptr;
  }
  std::copy_n(bytes.begin(), magic.size(), magic.begin());
  if (detect_compression(magic) != Compression::none) {
    error.message = "cannot read a compressed capture from memory; expected a plain pcap or pcapng";
    return nullptr;
  }
  // libpcap reads only through stdio; a read-only fmemopen stream never writes to the bytes.
  FILE* file = fmemopen(const_cast<std::uint8_t*>(bytes.data()), bytes.size(), "rb");
  std::array<char, PCAP_ERRBUF_SIZE> errbuf{};
  pcap_t* handle = file == nullptr ? nullptr
                                   : pcap_fopen_offline_with_tstamp_precision(
                                         file, PCAP_TSTAMP_PRECISION_NANO, errbuf.data());
  if (handle == nullptr) {
    if (file != nullptr) std::fclose(file);
    error.message = fmt::format(
        "not a capture libpcap reads ({}); expected a plain pcap or pcapng capture", errbuf.data());
    return nullptr;
  }
  std::uint32_t first_word = 0;
  std::memcpy(&first_word, magic.data(), sizeof first_word);
  if (refuse_link_type(handle, first_word, error)) return nullptr;
  if (auto records = hand_over(classic_pcap_records(name, bytes, facts_of(handle)), handle))
    return records;
  return std::make_unique<LibpcapCaptureFile>(
      name, nullptr, std::unique_ptr<pcap_t, PcapCloser>(handle),
      first_word == kPcapngMagic ? "pcapng" : "pcap", bytes.size(), is_classic_pcap(first_word));
}

}  // namespace iotscope
