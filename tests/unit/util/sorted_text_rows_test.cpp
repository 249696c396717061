#include "util/sorted_text_rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "../temp_dir.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

using testing::read_file_text;

std::string expected_file(std::string_view header, std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  std::string text(header);
  text += '\n';
  for (const auto& row : rows) text += row + '\n';
  return text;
}

// CTest runs each test in a process of its own, several at once: a file of its own for each.
class SortedTextRowsTest : public ::testing::Test {
 protected:
  const testing::TempDir dir_{::testing::UnitTest::GetInstance()->current_test_info()->name()};
  const fs::path file_ = dir_.path("rows.tsv");
};

TEST_F(SortedTextRowsTest, WritesTheHeaderThenTheRowsInByteOrder) {
  SortedTextRows rows;
  std::vector<std::string> added;
  // Digits sort as text, and bytes above 0x7f after ASCII, as `LC_ALL=C sort` orders them.
  for (const int n : {9, 10, 2, 100}) {
    rows.add("h1\t{}\t{}", n, n * 2);
    added.push_back("h1\t" + std::to_string(n) + "\t" + std::to_string(n * 2));
  }
  rows.add_text("h\xc3\xa9\tx");
  added.emplace_back("h\xc3\xa9\tx");
  rows.add_text("");
  added.emplace_back("");
  EXPECT_EQ(rows.size(), added.size());
  rows.write(file_, "home\tport\tflows");
  const std::string text = read_file_text(file_);
  EXPECT_EQ(text, expected_file("home\tport\tflows", added));
  EXPECT_EQ(text.substr(0, text.find("\nh1\t10")), "home\tport\tflows\n");  // "" sorts first
}

TEST_F(SortedTextRowsTest, RowsAcrossManyBlocksAndLargerThanABlockKeepTheirText) {
  SortedTextRows rows;
  std::vector<std::string> added;
  // About 2.5 blocks of rows, so rows start in fresh blocks where the last one was full.
  const std::size_t count = SortedTextRows::kBlockBytes * 5 / 2 / 40;
  for (std::size_t i = 0; i < count; ++i) {
    std::string row = "d" + std::to_string((i * 7919) % count) + "\t" + std::string(i % 37, 'x');
    rows.add_text(row);
    added.push_back(std::move(row));
  }
  std::string huge(SortedTextRows::kBlockBytes + 5, 'z');
  rows.add_text(huge);
  added.push_back(huge);
  rows.add("{}", "after the huge one");
  added.emplace_back("after the huge one");
  rows.write(file_, "h");
  EXPECT_EQ(read_file_text(file_), expected_file("h", added));
}

TEST_F(SortedTextRowsTest, AFileThatCannotBeWrittenIsNamed) {
  SortedTextRows rows;
  rows.add_text("a");
  const fs::path bad = file_ / "below-a-missing-folder.tsv";
  try {
    rows.write(bad, "h");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace iotscope
