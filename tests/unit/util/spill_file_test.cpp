#include "util/spill_file.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../temp_dir.hpp"
#include "util/spill_codec.hpp"

namespace iotscope {
namespace {

std::vector<std::byte> bytes_of(const std::string& text) {
  std::vector<std::byte> out(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) out[i] = static_cast<std::byte>(text[i]);
  return out;
}

std::string read_text(const SpillFile& file, SpillExtent extent) {
  std::vector<std::byte> into(extent.bytes);
  file.read(extent, into);
  std::string text;
  for (const std::byte b : into) text.push_back(static_cast<char>(b));
  return text;
}

class SpillFileTest : public ::testing::Test {
 protected:
  testing::TempDir scratch_{::testing::UnitTest::GetInstance()->current_test_info()->name()};
  const std::filesystem::path& dir_ = scratch_.dir();
};

TEST_F(SpillFileTest, BlocksComeBackWhereTheyWereAppendedAndNoNameIsLeft) {
  SpillFile file(dir_);
  const SpillExtent first = file.append(bytes_of("first block"));
  const SpillExtent empty = file.append({});
  const SpillExtent second = file.append(bytes_of("second"));
  EXPECT_EQ(first.offset, 0U);
  EXPECT_EQ(empty.bytes, 0U);
  EXPECT_EQ(second.offset, 11U);
  EXPECT_EQ(file.size(), 17U);
  EXPECT_EQ(read_text(file, second), "second");
  EXPECT_EQ(read_text(file, first), "first block");
  // The file has no name: a run that ends however it ends leaves nothing in the folder.
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

TEST_F(SpillFileTest, AppendsFromTwoThreadsKeepEachBlockWhole) {
  SpillFile file(dir_);
  std::vector<SpillExtent> a;
  std::vector<SpillExtent> b;
  {
    const std::jthread one([&] {
      for (int i = 0; i < 500; ++i) a.push_back(file.append(bytes_of(std::string(100, 'a'))));
    });
    const std::jthread two([&] {
      for (int i = 0; i < 500; ++i) b.push_back(file.append(bytes_of(std::string(37, 'b'))));
    });
  }
  EXPECT_EQ(file.size(), 500U * 137U);
  for (const auto& extent : a) EXPECT_EQ(read_text(file, extent), std::string(100, 'a'));
  for (const auto& extent : b) EXPECT_EQ(read_text(file, extent), std::string(37, 'b'));
}

TEST_F(SpillFileTest, AMissingFolderAndAReadPastTheEndAreNamed) {
  try {
    const SpillFile file(dir_ / "no-such-folder");
    FAIL() << "a spill file in a missing folder";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos) << e.what();
  }
  SpillFile file(dir_);
  file.append(bytes_of("12345"));
  std::vector<std::byte> into(10);
  EXPECT_THROW(file.read({0, 10}, into), std::runtime_error);
  EXPECT_THROW(file.read({0, 5}, into), std::invalid_argument);  // wrong buffer length
}

TEST(SpillCodec, ValuesListsAndTextRoundTripAndShortBlocksThrow) {
  std::vector<std::byte> bytes;
  SpillEncoder out(bytes);
  out.value(std::uint32_t{7});
  out.list(std::vector<std::uint16_t>{1, 2, 65535});
  out.text("hello");
  out.list(std::vector<double>{});
  SpillDecoder in(bytes);
  EXPECT_EQ(in.value<std::uint32_t>(), 7U);
  EXPECT_EQ(in.list<std::uint16_t>(), (std::vector<std::uint16_t>{1, 2, 65535}));
  EXPECT_EQ(in.text(), "hello");
  EXPECT_TRUE(in.list<double>().empty());
  EXPECT_EQ(in.remaining(), 0U);
  EXPECT_THROW(in.value<std::uint8_t>(), std::runtime_error);

  // A count larger than what follows is refused before anything is allocated for it.
  std::vector<std::byte> lying;
  SpillEncoder liar(lying);
  liar.value(std::uint64_t{1} << 60);
  SpillDecoder cut(lying);
  EXPECT_THROW(cut.list<std::uint64_t>(), std::runtime_error);
}

}  // namespace
}  // namespace iotscope
