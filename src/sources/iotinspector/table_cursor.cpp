#include "sources/iotinspector/table_cursor.hpp"

#include <fmt/format.h>

#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sources/text/record_splitter.hpp"

namespace iotscope {

TableCursor::TableCursor(RecordFormat format, const ColumnMap& columns)
    : format_(format), columns_(columns), splitter_(format == RecordFormat::tsv ? '\t' : ',') {}

void TableCursor::reset(std::string_view text, std::uint64_t first_line,
                        std::uint64_t first_offset) {
  text_ = text;
  pos_ = 0;
  line_ = first_line;
  offset_ = first_offset;
}

TableCursor::Step TableCursor::next(TableRow& row, RowProblem& problem) {
  const bool quote_aware = newlines_may_be_quoted(format_);
  while (pos_ < text_.size()) {
    const std::string_view rest = text_.substr(pos_);
    std::size_t embedded = 0;
    std::size_t end = find_record_end(rest, quote_aware, embedded);
    const bool at_end_of_text = end == std::string_view::npos;
    if (at_end_of_text) end = rest.size();
    row.line = line_;
    row.byte_offset = offset_ + pos_;
    if (end > kMaxRecordBytes) {
      // Skip one physical line only: a stray quote must not swallow the rest of the file.
      const auto* newline = static_cast<const char*>(std::memchr(rest.data(), '\n', rest.size()));
      const std::size_t skip =
          newline ? static_cast<std::size_t>(newline - rest.data()) + 1 : rest.size();
      pos_ += skip;
      ++line_;
      problem = RowProblem{};
      problem.message = fmt::format("line is longer than {} bytes; skipped", kMaxRecordBytes);
      return Step::bad_record;
    }
    pos_ += at_end_of_text ? end : end + 1;
    line_ += embedded + 1;
    const std::string_view record = without_cr(rest.substr(0, end));
    if (record.empty() || (format_ == RecordFormat::jsonl &&
                           record.find_first_not_of(" \t") == std::string_view::npos))
      continue;
    if (at_end_of_text && quote_aware &&
        has_odd_quote_count(record.data(), record.data() + record.size())) {
      problem = RowProblem{};
      problem.message = "a quoted field is not closed before the end of the input";
      return Step::bad_record;
    }
    problem = RowProblem{};
    const bool ok = format_ == RecordFormat::jsonl ? fill_json(record, row, problem)
                                                   : fill_delimited(record, row, problem);
    return ok ? Step::row : Step::bad_record;
  }
  return Step::end;
}

bool TableCursor::fill_unquoted(std::string_view record, TableRow& row, RowProblem& problem) {
  const auto& slots = columns_.slot_of_field;
  row.values.fill({});
  row.columns.fill(0);
  const char* const data = record.data();
  const std::size_t size = record.size();
  const char delimiter = format_ == RecordFormat::tsv ? '\t' : ',';
  std::size_t field = 0;
  std::size_t start = 0;
  auto place = [&](std::size_t end) {
    if (field < slots.size() && slots[field] >= 0) {
      const auto s = static_cast<std::size_t>(static_cast<std::uint8_t>(slots[field]));
      row.values[s] = std::string_view(data + start, end - start);
      row.columns[s] = static_cast<std::uint16_t>(field + 1);
      row.offsets[s] = static_cast<std::uint32_t>(start);
    }
    ++field;
    start = end + 1;
  };
  std::size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes per step: one compare finds every delimiter and every quote of the block.
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i quotes = _mm_set1_epi8('"');
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(block, quotes)) != 0)
      return fill_quoted(record, row, problem);
    auto bits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, delimiters)));
    for (; bits != 0; bits &= bits - 1) place(i + static_cast<std::size_t>(__builtin_ctz(bits)));
  }
#endif
  for (; i < size; ++i) {
    if (data[i] == '"') return fill_quoted(record, row, problem);
    if (data[i] == delimiter) place(i);
  }
  place(size);
  if (field != slots.size()) {
    problem.message =
        fmt::format("record has {} fields but the header has {}", field, slots.size());
    return false;
  }
  return true;
}

bool TableCursor::fill_delimited(std::string_view record, TableRow& row, RowProblem& problem) {
  // Most records quote nothing: their fields go straight into the slots (fill_unquoted falls
  // back to fill_quoted at the first quote).
  return fill_unquoted(record, row, problem);
}

bool TableCursor::fill_quoted(std::string_view record, TableRow& row, RowProblem& problem) {
  const auto& fields = splitter_.split(record);
  const auto& slots = columns_.slot_of_field;
  if (fields.size() != slots.size()) {
    problem.message =
        fmt::format("record has {} fields but the header has {}", fields.size(), slots.size());
    return false;
  }
  row.values.fill({});
  row.columns.fill(0);
  const auto& offsets = splitter_.offsets();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::int8_t slot = slots[i];
    if (slot < 0) continue;
    const auto s = static_cast<std::size_t>(static_cast<std::uint8_t>(slot));
    row.values[s] = fields[i];
    row.columns[s] = static_cast<std::uint16_t>(i + 1);
    row.offsets[s] = offsets[i];
  }
  return true;
}

bool TableCursor::fill_json(std::string_view record, TableRow& row, RowProblem& problem) {
  if (!json_.parse(record)) {
    problem.offset = json_.error_offset();
    problem.message = fmt::format("invalid JSON at byte {} of the record: {}",
                                  json_.error_offset() + 1, json_.error());
    return false;
  }
  row.values.fill({});
  row.columns.fill(0);
  const auto& members = json_.members();
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::int8_t slot = slot_of_member(i, members[i].key);
    if (slot < 0) continue;
    const auto s = static_cast<std::size_t>(static_cast<std::uint8_t>(slot));
    if (row.columns[s] != 0) continue;  // a repeated key: the first one counts
    row.values[s] = members[i].is_null ? std::string_view{} : members[i].value;
    row.columns[s] = static_cast<std::uint16_t>(i + 1);
    row.offsets[s] = members[i].offset;
  }
  return true;
}

std::int8_t TableCursor::slot_of_member(std::size_t position, std::string_view key) {
  // Writers repeat one key order, so the key seen last at this position usually matches.
  if (position < cached_keys_.size() && cached_keys_[position] == key)
    return cached_slots_[position];
  if (position >= cached_keys_.size()) {
    cached_keys_.resize(position + 1);
    cached_slots_.resize(position + 1);
  }
  cached_keys_[position].assign(key);
  cached_slots_[position] = columns_.slot_of_name(key);
  return cached_slots_[position];
}

}  // namespace iotscope
