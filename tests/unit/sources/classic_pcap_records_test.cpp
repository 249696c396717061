#include "sources/pcap/classic_pcap_records.hpp"

#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <vector>

// A namespace of its own: a unity build puts this file in one unit with other sources tests.
namespace iotscope::classic_pcap_test {
namespace {

namespace fs = std::filesystem;

using Bytes = std::vector<std::uint8_t>;

struct Frame {
  std::int64_t ts_ns = 0;
  std::uint32_t wire_length = 0;
  Bytes data;
  bool operator==(const Frame&) const = default;
};

// What a reader made of a capture: its frames, and the damage that ended it ("" when none).
struct Reading {
  int link_type = -1;
  std::vector<Frame> frames;
  std::string damage;
};

Bytes file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// libpcap over the bytes, or nullptr and `refusal` set.
pcap_t* open_with_libpcap(const Bytes& bytes, std::string& refusal) {
  FILE* file = fmemopen(const_cast<std::uint8_t*>(bytes.data()), bytes.size(), "rb");
  std::array<char, PCAP_ERRBUF_SIZE> errbuf{};
  pcap_t* handle =
      pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf.data());
  if (handle == nullptr) {
    std::fclose(file);
    refusal = errbuf.data();
  }
  return handle;
}

// The reference: libpcap itself, from the same bytes.
Reading read_with_libpcap(const Bytes& bytes) {
  Reading out;
  pcap_t* handle = open_with_libpcap(bytes, out.damage);
  if (handle == nullptr) return out;
  out.link_type = pcap_datalink(handle);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int status = 0;
  while ((status = pcap_next_ex(handle, &header, &data)) == 1) {
    out.frames.push_back({header->ts.tv_sec * 1'000'000'000LL + header->ts.tv_usec, header->len,
                          Bytes(data, data + header->caplen)});
  }
  if (status == PCAP_ERROR) out.damage = pcap_geterr(handle);
  pcap_close(handle);
  return out;
}

// Where the record reader takes the bytes from: memory, or a file through its read buffer.
enum class From { memory, file };

// The bytes written to a file of their own, removed when done.
class TemporaryCapture {
 public:
  explicit TemporaryCapture(const Bytes& bytes)
      : path_(fs::temp_directory_path() /
              ("iotscope-classic-pcap-" + std::to_string(::getpid()) + ".pcap")) {
    std::ofstream out(path_, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
  ~TemporaryCapture() { fs::remove(path_); }
  TemporaryCapture(const TemporaryCapture&) = delete;
  TemporaryCapture& operator=(const TemporaryCapture&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::unique_ptr<CaptureFile> record_reader(const Bytes& bytes, const std::string& name,
                                           const PcapFileFacts& facts, From from,
                                           const TemporaryCapture& file) {
  if (from == From::memory) return classic_pcap_records(name, bytes, facts);
  std::string error;
  auto reader = DecompressingReader::open(file.path().string(), error);
  EXPECT_TRUE(reader) << error;
  return reader ? classic_pcap_records(name, std::move(reader), facts) : nullptr;
}

// The same bytes through the record reader, with the facts libpcap gives when it opens them.
Reading read_records(const Bytes& bytes, const std::string& name, From from = From::memory) {
  Reading out;
  EXPECT_TRUE(reads_classic_pcap_records(bytes)) << name;
  std::string refusal;
  pcap_t* handle = open_with_libpcap(bytes, refusal);
  if (handle == nullptr) {
    ADD_FAILURE() << name << ": libpcap refuses the header: " << refusal;
    return out;
  }
  const PcapFileFacts facts{pcap_datalink(handle), pcap_snapshot(handle)};
  pcap_close(handle);
  const TemporaryCapture file(bytes);
  auto records = record_reader(bytes, name, facts, from, file);
  if (!records) {
    ADD_FAILURE() << name << ": the record reader refuses the capture";
    return out;
  }
  out.link_type = records->link_type();
  CaptureFrame frame;
  while (records->next(frame)) {
    out.frames.push_back(
        {frame.ts_ns, frame.wire_length, Bytes(frame.data.begin(), frame.data.end())});
    EXPECT_EQ(records->consumed_bytes(), frame.byte_offset);
  }
  if (records->damage()) out.damage = records->damage()->message;
  return out;
}

void expect_as_libpcap_reads(const Bytes& bytes, const std::string& name, From from) {
  const Reading expected = read_with_libpcap(bytes);
  const Reading got = read_records(bytes, name, from);
  EXPECT_EQ(got.link_type, expected.link_type) << name;
  ASSERT_EQ(got.frames.size(), expected.frames.size()) << name;
  for (std::size_t i = 0; i < got.frames.size(); ++i) {
    EXPECT_EQ(got.frames[i], expected.frames[i]) << name << " frame " << i;
  }
  if (expected.damage.empty()) {
    EXPECT_EQ(got.damage, "") << name;
  } else {
    EXPECT_NE(got.damage.find(expected.damage), std::string::npos)
        << name << ": libpcap says \"" << expected.damage << "\", the reader \"" << got.damage
        << "\"";
  }
}

void expect_as_libpcap_reads(const Bytes& bytes, const std::string& name) {
  expect_as_libpcap_reads(bytes, name + " (from memory)", From::memory);
  expect_as_libpcap_reads(bytes, name + " (from a file)", From::file);
}

std::uint32_t load32(const Bytes& bytes, std::size_t at) {
  std::uint32_t v = 0;
  std::memcpy(&v, bytes.data() + at, sizeof v);
  return v;
}

void store32(Bytes& bytes, std::size_t at, std::uint32_t v) {
  std::memcpy(bytes.data() + at, &v, sizeof v);
}

// Record starts of a little-endian classic pcap.
std::vector<std::size_t> record_starts(const Bytes& bytes) {
  std::vector<std::size_t> starts;
  for (std::size_t at = 24; at + 16 <= bytes.size(); at += 16 + load32(bytes, at + 8)) {
    starts.push_back(at);
  }
  return starts;
}

Bytes sample() {
  return file_bytes(fs::path(IOTSCOPE_TEST_DATA) / "pcap" / "http-get.pcap");
}

TEST(ClassicPcapRecords, EveryTestCaptureReadsAsLibpcapReadsIt) {
  std::size_t checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(IOTSCOPE_TEST_DATA)) {
    if (entry.path().extension() != ".pcap") continue;
    const Bytes bytes = file_bytes(entry.path());
    if (!reads_classic_pcap_records(bytes)) continue;
    expect_as_libpcap_reads(bytes, entry.path().string());
    ++checked;
  }
  EXPECT_GE(checked, 15U);
}

TEST(ClassicPcapRecords, BigEndianAndNanosecondFilesReadAsLibpcapReadsThem) {
  const Bytes little = sample();
  Bytes nano = little;
  store32(nano, 0, 0xA1B23C4D);
  for (const std::size_t at : record_starts(nano)) store32(nano, at + 4, load32(nano, at + 4) + 7);
  expect_as_libpcap_reads(nano, "nanosecond");

  Bytes big = little;
  const auto swap_at = [&big](std::size_t at) {
    store32(big, at, __builtin_bswap32(load32(big, at)));
  };
  const auto starts = record_starts(little);
  for (const std::size_t at : {0, 8, 12, 16, 20}) swap_at(at);
  std::swap(big[4], big[5]);  // version 2.4 as two big-endian 16-bit numbers
  std::swap(big[6], big[7]);
  for (const std::size_t at : starts) {
    for (const std::size_t field : {0, 4, 8, 12}) swap_at(at + field);
  }
  const Reading got = read_records(big, "big-endian");
  EXPECT_EQ(got.frames.size(), starts.size());
  expect_as_libpcap_reads(big, "big-endian");
}

TEST(ClassicPcapRecords, DamageIsNamedAsLibpcapNamesIt) {
  const Bytes whole = sample();
  const auto starts = record_starts(whole);
  ASSERT_GE(starts.size(), 8U);

  const Bytes cut_in_header(whole.begin(), whole.begin() + static_cast<long>(starts[5] + 9));
  expect_as_libpcap_reads(cut_in_header, "cut in a record header");
  EXPECT_EQ(read_records(cut_in_header, "").frames.size(), 5U);

  const Bytes cut_in_data(whole.begin(), whole.begin() + static_cast<long>(starts[6] + 16 + 20));
  expect_as_libpcap_reads(cut_in_data, "cut in a record's data");

  Bytes impossible = whole;
  store32(impossible, starts[3] + 8, 0x7FFFFFF0);
  expect_as_libpcap_reads(impossible, "caplen beyond the snapshot length");
  Bytes beyond_maximum = whole;
  store32(beyond_maximum, 16, 300000);  // snaplen: libpcap takes 262144 for it
  store32(beyond_maximum, starts[2] + 8, 262145);
  expect_as_libpcap_reads(beyond_maximum, "caplen beyond the maximum");
}

// Ethernet records of the given sizes (up to the largest libpcap reads), each with its own bytes.
Bytes capture_of_sizes(const std::vector<std::uint32_t>& sizes) {
  Bytes bytes(24);
  store32(bytes, 0, 0xA1B2C3D4);
  bytes[4] = 2;
  bytes[6] = 4;
  store32(bytes, 16, 262144);
  store32(bytes, 20, 1);
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const std::size_t at = bytes.size();
    bytes.resize(at + 16 + sizes[i]);
    store32(bytes, at, static_cast<std::uint32_t>(1'700'000'000 + i));
    store32(bytes, at + 4, static_cast<std::uint32_t>(i * 1000));
    store32(bytes, at + 8, sizes[i]);
    store32(bytes, at + 12, sizes[i] + 4);
    for (std::uint32_t k = 0; k < sizes[i]; ++k) {
      bytes[at + 16 + k] = static_cast<std::uint8_t>(i * 31 + std::size_t{k} * 7);
    }
  }
  return bytes;
}

// A file is read through a buffer of a mebibyte: records of every size, the
// largest included, end on and straddle its refills.
TEST(ClassicPcapRecords, RecordsAcrossTheReadBufferReadAsLibpcapReadsThem) {
  std::vector<std::uint32_t> sizes;
  for (int round = 0; round < 6; ++round) {
    for (const std::uint32_t size : {262144U, 2U, 60U, 1514U, 9000U, 65535U, 100000U}) {
      sizes.push_back(size - static_cast<std::uint32_t>(round) % 2);
    }
  }
  sizes.back() = 262144;
  const Bytes whole = capture_of_sizes(sizes);
  ASSERT_GT(whole.size(), std::size_t{2} << 20);  // two refills of the 1 MiB buffer at least
  const Reading got = read_records(whole, "large records", From::file);
  EXPECT_EQ(got.frames.size(), sizes.size());
  EXPECT_EQ(got.damage, "");
  expect_as_libpcap_reads(whole, "large records");

  const auto starts = record_starts(whole);
  for (const std::size_t index : {std::size_t{14}, std::size_t{29}, sizes.size() - 1}) {
    const Bytes in_header(whole.begin(), whole.begin() + static_cast<long>(starts[index] + 7));
    expect_as_libpcap_reads(in_header, "large records cut in header " + std::to_string(index));
    const Bytes in_data(whole.begin(),
                        whole.begin() + static_cast<long>(starts[index] + 16 + sizes[index] / 2));
    expect_as_libpcap_reads(in_data, "large records cut in data " + std::to_string(index));
  }
}

// Frames of a file whose buffers may be lent point into a buffer that, once held, keeps their
// bytes through every later refill, while the reader goes on with other buffers; a reader that
// lends nothing marks no frame as lendable.
TEST(ClassicPcapRecords, FramesInAHeldBufferOutliveTheReadsAfterThem) {
  std::vector<std::uint32_t> sizes(60);
  for (std::size_t i = 0; i < sizes.size(); ++i) sizes[i] = 100000U + static_cast<std::uint32_t>(i);
  const Bytes whole = capture_of_sizes(sizes);  // about six buffers' worth
  const TemporaryCapture file(whole);
  const PcapFileFacts facts{1, 262144};
  for (const std::size_t lent : {std::size_t{0}, std::size_t{3}}) {
    auto records = record_reader(whole, "lent", facts, From::file, file);
    ASSERT_TRUE(records);
    records->lend_buffers(lent);
    struct Held {
      std::shared_ptr<const std::uint8_t[]> buffer;
      std::span<const std::uint8_t> data;
      Bytes expected;
    };
    std::vector<Held> held;
    std::size_t frames = 0;
    std::size_t lendable = 0;
    CaptureFrame frame;
    while (records->next(frame)) {
      ++frames;
      if (frame.buffer == nullptr) continue;
      ++lendable;
      EXPECT_TRUE(frame.buffer->holds(frame.data));
      // Hold the buffer of every twentieth lendable frame, as a batch would, until the end.
      if (lendable % 20 == 1) {
        held.push_back(
            {frame.buffer->bytes, frame.data, Bytes(frame.data.begin(), frame.data.end())});
      }
    }
    EXPECT_EQ(frames, sizes.size()) << lent;
    if (lent == 0) {
      EXPECT_EQ(lendable, 0U);
      continue;
    }
    EXPECT_GT(lendable, sizes.size() / 2);
    ASSERT_GE(held.size(), 2U);
    for (const Held& h : held) {
      EXPECT_EQ(Bytes(h.data.begin(), h.data.end()), h.expected);
    }
  }
}

TEST(ClassicPcapRecords, RecordsLongerThanTheSnapshotKeepItsLength) {
  Bytes small_snapshot = sample();
  store32(small_snapshot, 16, 60);  // the file header's snaplen; records hold up to 1514 bytes
  const Reading got = read_records(small_snapshot, "snaplen 60");
  ASSERT_FALSE(got.frames.empty());
  for (const Frame& frame : got.frames) EXPECT_LE(frame.data.size(), 60U);
  expect_as_libpcap_reads(small_snapshot, "snaplen 60");

  // Cut inside the part beyond the snapshot length: libpcap reads the kept part, then fails.
  const auto starts = record_starts(small_snapshot);
  const Bytes cut(small_snapshot.begin(),
                  small_snapshot.begin() + static_cast<long>(starts[6] + 16 + 100));
  expect_as_libpcap_reads(cut, "cut past the snapshot length");
}

TEST(ClassicPcapRecords, OnlyVersionTwoPointFourIsTaken) {
  Bytes old = sample();
  old[6] = 3;  // version 2.3: caplen and len may be swapped, libpcap untangles them
  EXPECT_FALSE(reads_classic_pcap_records(old));
  const Bytes whole = sample();
  EXPECT_FALSE(reads_classic_pcap_records(Bytes(whole.begin(), whole.begin() + 20)));
  const Bytes pcapng =
      file_bytes(fs::path(IOTSCOPE_TEST_DATA) / "pcap" / "http-on-irc-port-missing-syn.pcapng");
  EXPECT_FALSE(reads_classic_pcap_records(pcapng));
}

// A file on disk goes to the record reader: same frames, offsets and progress as libpcap's.
TEST(ClassicPcapRecords, CaptureFileReadsAFileAsLibpcapDoes) {
  const fs::path path = fs::path(IOTSCOPE_TEST_DATA) / "pcap" / "http-get.pcap";
  InputIssue error;
  auto file = CaptureFile::open(path.string(), error);
  ASSERT_TRUE(file) << error.to_string();
  const Reading expected = read_with_libpcap(file_bytes(path));
  std::vector<Frame> frames;
  CaptureFrame frame;
  while (file->next(frame)) {
    frames.push_back({frame.ts_ns, frame.wire_length, Bytes(frame.data.begin(), frame.data.end())});
    EXPECT_EQ(file->consumed_bytes(), frame.byte_offset);
  }
  EXPECT_EQ(frames, expected.frames);
  EXPECT_EQ(file->consumed_bytes(), fs::file_size(path));
  EXPECT_EQ(file->format(), "pcap");
}

}  // namespace
}  // namespace iotscope::classic_pcap_test
