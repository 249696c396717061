#include "sources/text/delimited_reader.hpp"

#include <cstring>

namespace iotscope {

const std::vector<std::string_view>& DelimitedSplitter::split(std::string_view record) {
  fields_.clear();
  offsets_.clear();
  if (std::memchr(record.data(), '"', record.size()) != nullptr) {
    split_quoted(record);
    return fields_;
  }
  // Fields are short: a plain byte loop beats a memchr call per field.
  const char* const data = record.data();
  const std::size_t size = record.size();
  std::size_t start = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] != delimiter_) continue;
    fields_.emplace_back(data + start, i - start);
    offsets_.push_back(static_cast<std::uint32_t>(start));
    start = i + 1;
  }
  fields_.emplace_back(data + start, size - start);
  offsets_.push_back(static_cast<std::uint32_t>(start));
  return fields_;
}

void DelimitedSplitter::split_quoted(std::string_view record) {
  unquoted_.clear();
  // Unquoted text is never longer than the record, so views into the buffer stay valid.
  unquoted_.reserve(record.size());
  std::size_t pos = 0;
  while (true) {
    offsets_.push_back(static_cast<std::uint32_t>(pos));
    if (pos < record.size() && record[pos] == '"') {
      const std::size_t out_start = unquoted_.size();
      ++pos;
      while (pos < record.size()) {
        const char c = record[pos];
        if (c == '"') {
          if (pos + 1 < record.size() && record[pos + 1] == '"') {
            unquoted_.push_back('"');
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        unquoted_.push_back(c);
        ++pos;
      }
      // Text between the closing quote and the delimiter is kept, as most readers do.
      while (pos < record.size() && record[pos] != delimiter_) unquoted_.push_back(record[pos++]);
      fields_.emplace_back(unquoted_.data() + out_start, unquoted_.size() - out_start);
    } else {
      const std::size_t end = std::min(record.find(delimiter_, pos), record.size());
      fields_.push_back(record.substr(pos, end - pos));
      pos = end;
    }
    if (pos >= record.size()) break;
    ++pos;  // the delimiter
  }
}

}  // namespace iotscope
