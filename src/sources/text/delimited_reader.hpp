#pragma once
// Splits one CSV or TSV record into fields: RFC 4180 quoting (quoted delimiters and newlines,
// doubled quotes), leniently (a quote inside an unquoted field is kept as text). Fields are views
// into the record, or into a reusable buffer when unquoting changed them, so splitting costs no
// allocation once the buffers have grown.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iotscope {

class DelimitedSplitter {
 public:
  explicit DelimitedSplitter(char delimiter) : delimiter_(delimiter) {}

  // Views stay valid until the next call.
  const std::vector<std::string_view>& split(std::string_view record);
  // Byte offset of each field's first byte inside the record.
  const std::vector<std::uint32_t>& offsets() const { return offsets_; }

 private:
  void split_quoted(std::string_view record);

  char delimiter_;
  std::vector<std::string_view> fields_;
  std::vector<std::uint32_t> offsets_;
  std::string unquoted_;
};

}  // namespace iotscope
