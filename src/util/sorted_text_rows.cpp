#include "util/sorted_text_rows.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <ostream>

#include "util/uncached_output_file.hpp"

namespace iotscope {

void SortedTextRows::keep(std::string_view row) {
  if (row.size() > kBlockBytes) {
    auto& own = big_rows_.emplace_back(std::make_unique_for_overwrite<char[]>(row.size()));
    std::memcpy(own.get(), row.data(), row.size());
    rows_.emplace_back(own.get(), row.size());
    return;
  }
  if (kBlockBytes - used_in_block_ < row.size()) {
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlockBytes));
    used_in_block_ = 0;
  }
  char* at = blocks_.back().get() + used_in_block_;
  std::memcpy(at, row.data(), row.size());
  used_in_block_ += row.size();
  rows_.emplace_back(at, row.size());
}

void SortedTextRows::absorb(SortedTextRows&& other) {
  // Before this one's blocks: the last block stays the one being filled.
  blocks_.insert(blocks_.begin(), std::make_move_iterator(other.blocks_.begin()),
                 std::make_move_iterator(other.blocks_.end()));
  big_rows_.insert(big_rows_.end(), std::make_move_iterator(other.big_rows_.begin()),
                   std::make_move_iterator(other.big_rows_.end()));
  rows_.insert(rows_.end(), other.rows_.begin(), other.rows_.end());
  other = SortedTextRows{};
}

void SortedTextRows::write(const std::filesystem::path& file, std::string_view header) {
  std::sort(rows_.begin(), rows_.end());
  UncachedOutputFile sink(file);
  std::ostream out(&sink);
  out.write(header.data(), static_cast<std::streamsize>(header.size())).put('\n');
  for (const std::string_view row : rows_) {
    out.write(row.data(), static_cast<std::streamsize>(row.size())).put('\n');
  }
  sink.close();
}

}  // namespace iotscope
