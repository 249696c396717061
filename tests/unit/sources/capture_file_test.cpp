#include "sources/pcap/capture_file.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "sources/pcap/capture_merger.hpp"

namespace iotscope {
namespace {

const std::string kPcapData = std::string(IOTSCOPE_TEST_DATA) + "/pcap/";

struct FrameFacts {
  std::int64_t ts_ns;
  std::uint32_t wire_length;
  std::size_t captured;
  std::uint32_t file_index;
};

std::vector<FrameFacts> read_all(CaptureFile& file) {
  std::vector<FrameFacts> frames;
  CaptureFrame frame;
  while (file.next(frame)) {
    frames.push_back({frame.ts_ns, frame.wire_length, frame.data.size(), frame.file_index});
  }
  return frames;
}

std::unique_ptr<CaptureFile> open_or_fail(const std::string& path) {
  InputIssue error;
  auto file = CaptureFile::open(path, error);
  EXPECT_TRUE(file) << error.to_string();
  return file;
}

std::string capture_temp_file(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() / ("iotscope-capture-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(CaptureFile, ReadsEveryFrameWithNanosecondTimes) {
  auto file = open_or_fail(kPcapData + "http-get.pcap");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->link_type(), 1);  // Ethernet
  EXPECT_EQ(file->format(), "pcap");
  const auto frames = read_all(*file);
  ASSERT_EQ(frames.size(), 14U);  // capinfos -c
  EXPECT_EQ(frames.front().ts_ns, 1362692526869344000);
  EXPECT_EQ(frames.front().wire_length, 78U);
  EXPECT_EQ(frames.back().ts_ns, 1362692527080972000);
  EXPECT_FALSE(file->damage());
  EXPECT_EQ(file->consumed_bytes(), file->file_size());
}

// Record ends are counted from record sizes (no ftell per frame); they must match the file.
TEST(CaptureFile, FrameOffsetsAreTheEndsOfTheirRecords) {
  auto file = open_or_fail(kPcapData + "http-get.pcap");
  ASSERT_TRUE(file);
  const std::string bytes = file_bytes(kPcapData + "http-get.pcap");
  std::uint64_t expected_end = 24;  // classic pcap file header
  CaptureFrame frame;
  std::size_t frames = 0;
  while (file->next(frame)) {
    std::uint32_t caplen = 0;  // little-endian record header: ts_sec, ts_usec, caplen, len
    std::memcpy(&caplen, bytes.data() + expected_end + 8, sizeof caplen);
    expected_end += 16 + caplen;
    EXPECT_EQ(frame.byte_offset, expected_end) << "frame " << frames;
    EXPECT_EQ(frame.data.size(), caplen);
    ++frames;
  }
  EXPECT_EQ(frames, 14U);
  EXPECT_EQ(expected_end, bytes.size());
}

TEST(CaptureFile, CompressedCapturesReadLikeThePlainFile) {
  auto plain = open_or_fail(kPcapData + "http-get.pcap");
  const auto expected = read_all(*plain);
  for (const std::string suffix : {".gz", ".zst"}) {
    std::string path = kPcapData + "http-get.pcap";
    path += suffix;
    auto file = open_or_fail(path);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->format(), suffix == ".gz" ? "pcap+gzip" : "pcap+zstd");
    const auto frames = read_all(*file);
    ASSERT_EQ(frames.size(), expected.size()) << suffix;
    for (std::size_t i = 0; i < frames.size(); ++i) {
      EXPECT_EQ(frames[i].ts_ns, expected[i].ts_ns);
      EXPECT_EQ(frames[i].captured, expected[i].captured);
    }
    EXPECT_FALSE(file->damage());
  }
}

TEST(CaptureFile, ReadsPcapng) {
  auto file = open_or_fail(kPcapData + "http-on-irc-port-missing-syn.pcapng");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->format(), "pcapng");
  const auto frames = read_all(*file);
  ASSERT_EQ(frames.size(), 13U);
  EXPECT_EQ(frames.front().ts_ns, 1362692526939084000);
}

TEST(CaptureFile, TruncatedFileKeepsTheFramesBeforeTheCutAndNamesTheOffset) {
  const std::string whole = file_bytes(kPcapData + "tls1.2.pcap");
  // Cut in the middle of the last record: 21 of 22 frames survive.
  const std::string path = capture_temp_file("cut.pcap", whole.substr(0, whole.size() - 30));
  auto file = open_or_fail(path);
  ASSERT_TRUE(file);
  const auto frames = read_all(*file);
  EXPECT_EQ(frames.size(), 21U);
  ASSERT_TRUE(file->damage());
  const InputIssue& damage = *file->damage();
  EXPECT_EQ(damage.file, path);
  EXPECT_GT(damage.byte_offset, 24U);
  EXPECT_LT(damage.byte_offset, whole.size() - 30);
  EXPECT_NE(damage.message.find("truncated"), std::string::npos) << damage.message;
  EXPECT_NE(damage.to_string().find('@'), std::string::npos) << damage.to_string();
}

TEST(CaptureFile, BadMagicIsRefusedWithWhatWasExpected) {
  const std::string path = capture_temp_file("text.pcap", "ts,uid,orig\n1,2,3\n");
  InputIssue error;
  EXPECT_FALSE(CaptureFile::open(path, error));
  EXPECT_EQ(error.file, path);
  EXPECT_NE(error.message.find("expected a pcap or pcapng file"), std::string::npos)
      << error.message;
}

TEST(CaptureFile, MissingFileNamesTheOsError) {
  InputIssue error;
  EXPECT_FALSE(CaptureFile::open(kPcapData + "no-such.pcap", error));
  EXPECT_NE(error.message.find("No such file"), std::string::npos) << error.message;
}

// The fuzz targets read captures from memory: the same frames, offsets and damage as from disk.
TEST(CaptureFile, ReadsTheSameFramesFromMemory) {
  for (const std::string name : {"http-get.pcap", "http-on-irc-port-missing-syn.pcapng"}) {
    const std::string bytes = file_bytes(kPcapData + name);
    const std::span<const std::uint8_t> span(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                             bytes.size());
    InputIssue error;
    auto memory = CaptureFile::open_memory(span, name, error);
    ASSERT_TRUE(memory) << error.to_string();
    auto disk = open_or_fail(kPcapData + name);
    ASSERT_TRUE(disk);
    EXPECT_EQ(memory->format(), disk->format());
    EXPECT_EQ(memory->link_type(), disk->link_type());
    CaptureFrame a;
    CaptureFrame b;
    std::size_t frames = 0;
    while (disk->next(b)) {
      ASSERT_TRUE(memory->next(a)) << name << " frame " << frames;
      EXPECT_EQ(a.ts_ns, b.ts_ns);
      EXPECT_EQ(a.byte_offset, b.byte_offset);
      EXPECT_TRUE(std::equal(a.data.begin(), a.data.end(), b.data.begin(), b.data.end()));
      ++frames;
    }
    EXPECT_FALSE(memory->next(a));
    EXPECT_GT(frames, 0U);
  }
}

TEST(CaptureFile, MemoryDamageAndCompressionAreReported) {
  const std::string bytes = file_bytes(kPcapData + "http-get.pcap");
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  InputIssue error;
  auto cut = CaptureFile::open_memory({data, bytes.size() - 10}, "cut.pcap", error);
  ASSERT_TRUE(cut);
  CaptureFrame frame;
  std::size_t frames = 0;
  while (cut->next(frame)) ++frames;
  EXPECT_EQ(frames, 13U);
  ASSERT_TRUE(cut->damage());
  EXPECT_EQ(cut->damage()->file, "cut.pcap");
  EXPECT_GT(cut->damage()->byte_offset, 0U);

  const std::string gzip = file_bytes(kPcapData + "http-get.pcap.gz");
  EXPECT_FALSE(CaptureFile::open_memory(
      {reinterpret_cast<const std::uint8_t*>(gzip.data()), gzip.size()}, "x.pcap.gz", error));
  EXPECT_NE(error.message.find("compressed"), std::string::npos) << error.message;
  EXPECT_FALSE(CaptureFile::open_memory({data, 3}, "short.pcap", error));
  EXPECT_NE(error.message.find("shorter than a capture file header"), std::string::npos);

  // A link type the decoder does not know is refused as from disk, at the header's field.
  std::string unknown_link = bytes;
  unknown_link[20] = static_cast<char>(147);  // DLT_USER0
  EXPECT_FALSE(CaptureFile::open_memory(
      {reinterpret_cast<const std::uint8_t*>(unknown_link.data()), unknown_link.size()},
      "user0.pcap", error));
  EXPECT_NE(error.message.find("link type 147 (in the file header)"), std::string::npos)
      << error.message;
  EXPECT_EQ(error.byte_offset, 20U);
}

std::string le32(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
          static_cast<char>(v >> 24)};
}

// An enhanced packet block of a 16-byte frame at `micros` (the default 1 us resolution).
std::string pcapng_packet(std::uint64_t micros) {
  return le32(6) + le32(48) + le32(0) + le32(static_cast<std::uint32_t>(micros >> 32)) +
         le32(static_cast<std::uint32_t>(micros)) + le32(16) + le32(16) + std::string(16, 'x') +
         le32(48);
}

// Found by capture_fuzz: pcapng times are 64-bit, and one past 2262 overflowed the signed
// nanosecond timestamp (undefined behaviour). Such a frame ends the file as damage.
TEST(CaptureFile, PcapngTimesPastTheRangeAreDamage) {
  const std::string section =
      le32(0x0A0D0D0A) + le32(28) + le32(0x1A2B3C4D) + le32(1) + std::string(8, '\xff') + le32(28);
  const std::string interface = le32(1) + le32(20) + le32(1) + le32(0) + le32(20);
  const std::string bytes = section + interface + pcapng_packet(1'000'000'000'000'000) +
                            pcapng_packet(0xFFFFFFF0'00000000);
  InputIssue error;
  auto file = CaptureFile::open_memory(
      {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, "far.pcapng", error);
  ASSERT_TRUE(file) << error.to_string();
  CaptureFrame frame;
  ASSERT_TRUE(file->next(frame));
  EXPECT_EQ(frame.ts_ns, 1'000'000'000'000'000'000);
  EXPECT_FALSE(file->next(frame));
  ASSERT_TRUE(file->damage());
  EXPECT_NE(file->damage()->message.find("out of range"), std::string::npos)
      << file->damage()->message;
}

TEST(CaptureMerger, InterleavesFilesInTimeOrder) {
  std::vector<std::unique_ptr<CaptureFile>> files;
  files.push_back(open_or_fail(kPcapData + "http-get.pcap"));
  files.push_back(open_or_fail(kPcapData + "http-on-irc-port-missing-syn.pcapng"));
  files.push_back(open_or_fail(kPcapData + "tls1.2.pcap"));
  CaptureMerger merger(std::move(files));
  CaptureFrame frame;
  std::int64_t previous = 0;
  std::vector<std::size_t> per_file(3);
  std::size_t switches = 0;
  std::uint32_t last_file = 99;
  while (merger.next(frame)) {
    switches += frame.file_index != last_file ? 1 : 0;
    last_file = frame.file_index;
    EXPECT_GE(frame.ts_ns, previous);
    previous = frame.ts_ns;
    ++per_file[frame.file_index];
    ASSERT_FALSE(frame.data.empty());
  }
  EXPECT_EQ(per_file, (std::vector<std::size_t>{14, 13, 22}));
  // The two 2013 captures overlap in time, so the merge switches between them more than the
  // three times that reading the files one after the other would.
  EXPECT_GT(switches, 3U);
  EXPECT_EQ(merger.consumed_bytes(), merger.total_bytes());
}

TEST(CaptureMerger, OneFileGivesItsFramesAsTheFileDoes) {
  std::vector<std::unique_ptr<CaptureFile>> files;
  files.push_back(open_or_fail(kPcapData + "tls1.2.pcap"));
  CaptureMerger merger(std::move(files));
  const auto alone = open_or_fail(kPcapData + "tls1.2.pcap");
  CaptureFrame merged;
  CaptureFrame direct;
  std::size_t frames = 0;
  while (merger.next(merged)) {
    ASSERT_TRUE(alone->next(direct));
    EXPECT_EQ(merged.ts_ns, direct.ts_ns);
    EXPECT_EQ(merged.byte_offset, direct.byte_offset);
    EXPECT_TRUE(
        std::equal(merged.data.begin(), merged.data.end(), direct.data.begin(), direct.data.end()));
    EXPECT_EQ(merged.file_index, 0U);
    ++frames;
  }
  EXPECT_FALSE(alone->next(direct));
  EXPECT_EQ(frames, 22U);
  EXPECT_FALSE(merger.next(merged));  // stays at the end
  EXPECT_EQ(merger.consumed_bytes(), merger.total_bytes());
}

}  // namespace
}  // namespace iotscope
