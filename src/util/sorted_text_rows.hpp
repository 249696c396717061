#pragma once
// Rows of a text file gathered in any order and written sorted by their text, so the file's
// order depends on nothing but its values (`iotscope summarize`, checked against other engines
// line by line). The rows live in large blocks: a std::string per row cost more than the text
// itself at 12 million rows (a heap block and a 32-byte header each), and a growing single
// string would be copied at every doubling.
#include <fmt/format.h>

#include <cstddef>
#include <filesystem>
#include <iterator>
#include <memory>
#include <string_view>
#include <vector>

namespace iotscope {

class SortedTextRows {
 public:
  static constexpr std::size_t kBlockBytes = std::size_t{16} << 20;

  // Adds one row (without its line end), formatted as fmt::format would.
  template <typename... Args>
  void add(fmt::format_string<Args...> format, Args&&... args) {
    buffer_.clear();
    fmt::format_to(std::back_inserter(buffer_), format, std::forward<Args>(args)...);
    keep({buffer_.data(), buffer_.size()});
  }
  void add_text(std::string_view row) { keep(row); }

  // Takes `other`'s rows (filled on another thread, say) beside these.
  void absorb(SortedTextRows&& other);

  std::size_t size() const { return rows_.size(); }
  // Sorts the rows (bytewise, as `LC_ALL=C sort`) and writes `header`, then every row, each
  // followed by a line end. Throws std::runtime_error naming the file when writing fails.
  void write(const std::filesystem::path& file, std::string_view header);

 private:
  void keep(std::string_view row);

  std::vector<std::unique_ptr<char[]>> blocks_;    // NOLINT(*-avoid-c-arrays): raw storage
  std::size_t used_in_block_ = kBlockBytes;        // of the last block: none yet
  std::vector<std::string_view> rows_;             // views into blocks_ (or big_rows_)
  std::vector<std::unique_ptr<char[]>> big_rows_;  // NOLINT(*-avoid-c-arrays): rows > a block
  fmt::memory_buffer buffer_;
};

}  // namespace iotscope
