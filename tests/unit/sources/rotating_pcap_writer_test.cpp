#include "sources/pcap/rotating_pcap_writer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sources/pcap/capture_file.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;
using Clock = RotatingPcapWriter::Clock;
constexpr int kEthernet = 1;

struct ReadFrame {
  std::int64_t ts_ns;
  std::uint32_t wire_length;
  std::vector<std::uint8_t> bytes;
};

class RotatingPcapWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("iotscope-rotating-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // 2024-01-02 03:04:05 UTC plus `seconds`.
  static Clock::time_point at(double seconds) {
    return Clock::time_point(std::chrono::seconds(1704164645)) +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  }

  static std::vector<std::uint8_t> payload(std::uint8_t fill, std::size_t size) {
    std::vector<std::uint8_t> bytes(size, fill);
    bytes[0] = static_cast<std::uint8_t>(size);  // tells frames of equal fill apart
    return bytes;
  }

  static CaptureFrame frame(const std::vector<std::uint8_t>& bytes, std::int64_t ts_ns,
                            std::uint32_t wire_length = 0) {
    CaptureFrame out;
    out.ts_ns = ts_ns;
    out.wire_length = wire_length == 0 ? static_cast<std::uint32_t>(bytes.size()) : wire_length;
    out.data = bytes;
    out.link_type = kEthernet;
    return out;
  }

  static std::vector<ReadFrame> read_back(const fs::path& path) {
    InputIssue error;
    const auto file = CaptureFile::open(path.string(), error);
    EXPECT_TRUE(file) << error.to_string();
    std::vector<ReadFrame> frames;
    if (!file) return frames;
    EXPECT_EQ(file->link_type(), kEthernet);
    EXPECT_EQ(file->format(), "pcap");
    CaptureFrame frame;
    while (file->next(frame)) {
      frames.push_back({frame.ts_ns, frame.wire_length, {frame.data.begin(), frame.data.end()}});
    }
    EXPECT_FALSE(file->damage().has_value()) << file->damage()->to_string();
    return frames;
  }

  fs::path dir_;
};

TEST_F(RotatingPcapWriterTest, RotatesByTimeAndKeepsNanosecondsAndBytes) {
  RotationPolicy policy;
  policy.seconds = 2;
  RotatingPcapWriter writer(dir_, kEthernet, 262144, policy, at(0));
  EXPECT_EQ(writer.current_path(), dir_ / "capture-20240102-030405.pcap");
  EXPECT_EQ(writer.next_rotation(), at(2));

  const auto a = payload(0xaa, 60);
  const auto b = payload(0xbb, 1514);
  const auto c = payload(0xcc, 42);
  EXPECT_FALSE(writer.write(frame(a, 1704164645'123456789), at(0.1)));
  EXPECT_FALSE(writer.write(frame(b, 1704164646'000000001), at(1.0)));
  EXPECT_FALSE(writer.rotate_if_due(at(1.999)));
  const auto first = writer.rotate_if_due(at(2.5));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->path, dir_ / "capture-20240102-030405.pcap");
  EXPECT_EQ(first->frames, 2U);
  EXPECT_EQ(first->bytes, 24U + 16 + 60 + 16 + 1514);
  EXPECT_EQ(fs::file_size(first->path), first->bytes);  // closed and flushed
  EXPECT_EQ(writer.current_path(), dir_ / "capture-20240102-030407.pcap");
  EXPECT_EQ(writer.next_rotation(), at(4.5));

  EXPECT_FALSE(writer.write(frame(c, 1704164647'999999999), at(2.6)));
  const auto second = writer.close();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->frames, 1U);
  EXPECT_FALSE(writer.close());  // closed once only

  const auto first_frames = read_back(first->path);
  ASSERT_EQ(first_frames.size(), 2U);
  EXPECT_EQ(first_frames[0].ts_ns, 1704164645'123456789);
  EXPECT_EQ(first_frames[0].bytes, a);
  EXPECT_EQ(first_frames[1].ts_ns, 1704164646'000000001);
  EXPECT_EQ(first_frames[1].wire_length, 1514U);
  EXPECT_EQ(first_frames[1].bytes, b);
  const auto second_frames = read_back(second->path);
  ASSERT_EQ(second_frames.size(), 1U);
  EXPECT_EQ(second_frames[0].ts_ns, 1704164647'999999999);
  EXPECT_EQ(second_frames[0].bytes, c);
}

TEST_F(RotatingPcapWriterTest, RotatesBeforeAFileWouldPassItsSize) {
  RotationPolicy policy;
  policy.seconds = 0;                      // size only
  policy.max_bytes = 24 + 2 * (16 + 100);  // room for two 100-byte frames
  RotatingPcapWriter writer(dir_, kEthernet, 262144, policy, at(0));
  EXPECT_EQ(writer.next_rotation(), Clock::time_point::max());
  std::vector<RotatedFile> closed;
  std::vector<std::vector<std::uint8_t>> frames;
  for (int i = 0; i < 5; ++i) frames.push_back(payload(static_cast<std::uint8_t>(i), 100));
  for (int i = 0; i < 5; ++i) {
    if (auto rotated = writer.write(frame(frames[i], (1704164645LL + i) * 1'000'000'000), at(0))) {
      closed.push_back(*rotated);
    }
  }
  EXPECT_FALSE(writer.rotate_if_due(at(1e6)));  // no time rotation
  closed.push_back(*writer.close());

  ASSERT_EQ(closed.size(), 3U);
  // All in the same second: the later names get a counter.
  EXPECT_EQ(closed[0].path.filename(), "capture-20240102-030405.pcap");
  EXPECT_EQ(closed[1].path.filename(), "capture-20240102-030405-2.pcap");
  EXPECT_EQ(closed[2].path.filename(), "capture-20240102-030405-3.pcap");
  const std::vector<std::size_t> expected_counts{2, 2, 1};
  std::size_t next = 0;
  for (std::size_t f = 0; f < closed.size(); ++f) {
    EXPECT_EQ(closed[f].frames, expected_counts[f]);
    EXPECT_LE(fs::file_size(closed[f].path), policy.max_bytes);
    for (const ReadFrame& read : read_back(closed[f].path)) {
      ASSERT_LT(next, frames.size());
      EXPECT_EQ(read.bytes, frames[next]);
      EXPECT_EQ(read.ts_ns, (1704164645LL + static_cast<std::int64_t>(next)) * 1'000'000'000);
      ++next;
    }
  }
  EXPECT_EQ(next, frames.size());  // every frame once, in order
}

TEST_F(RotatingPcapWriterTest, AFrameLargerThanTheLimitStillGetsAFile) {
  RotationPolicy policy;
  policy.seconds = 0;
  policy.max_bytes = 50;
  RotatingPcapWriter writer(dir_, kEthernet, 262144, policy, at(0));
  const auto big = payload(0x11, 400);
  EXPECT_FALSE(writer.write(frame(big, 1), at(0)));  // an empty file takes it
  const auto rotated = writer.write(frame(big, 2), at(1));
  ASSERT_TRUE(rotated);
  EXPECT_EQ(rotated->frames, 1U);
  EXPECT_EQ(read_back(rotated->path).size(), 1U);
}

TEST_F(RotatingPcapWriterTest, CutsFramesToTheSnapLengthAndKeepsTheWireLength) {
  RotatingPcapWriter writer(dir_, kEthernet, 64, RotationPolicy{}, at(0));
  const auto long_frame = payload(0x5a, 200);
  writer.write(frame(long_frame, 5, 9000), at(0));
  const auto file = writer.close();
  ASSERT_TRUE(file);
  const auto frames = read_back(file->path);
  ASSERT_EQ(frames.size(), 1U);
  EXPECT_EQ(frames[0].bytes.size(), 64U);
  EXPECT_EQ(frames[0].wire_length, 9000U);
  EXPECT_EQ(frames[0].bytes,
            std::vector<std::uint8_t>(long_frame.begin(), long_frame.begin() + 64));
}

TEST_F(RotatingPcapWriterTest, FlushedFramesAreReadableWhileTheFileIsOpen) {
  RotatingPcapWriter writer(dir_, kEthernet, 262144, RotationPolicy{}, at(0));
  const auto bytes = payload(0x42, 80);
  writer.write(frame(bytes, 7), at(0));
  writer.flush();
  const auto frames = read_back(writer.current_path());
  ASSERT_EQ(frames.size(), 1U);
  EXPECT_EQ(frames[0].bytes, bytes);
}

TEST_F(RotatingPcapWriterTest, AFolderThatCannotBeWrittenIsNamed) {
  const fs::path missing = dir_ / "no" / "such" / "folder";
  try {
    RotatingPcapWriter writer(missing, kEthernet, 262144, RotationPolicy{}, at(0));
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(missing.string()), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace iotscope
