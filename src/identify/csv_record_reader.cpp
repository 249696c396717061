#include "identify/csv_record_reader.hpp"

namespace iotscope {

bool CsvRecordReader::next(CsvRecord& record) {
  if (pos_ >= text_.size()) return false;
  record.line = line_;
  record.error.clear();
  std::size_t count = 0;
  bool more = true;
  while (more) {
    if (record.fields.size() <= count) record.fields.emplace_back();
    std::string& field = record.fields[count++];
    field.clear();
    more = read_field(field, record.error);
    if (!record.error.empty()) {
      skip_to_record_end();
      break;
    }
  }
  record.fields.resize(count);
  return true;
}

bool CsvRecordReader::read_field(std::string& field, std::string& error) {
  if (pos_ < text_.size() && text_[pos_] == '"') return read_quoted(field, error);
  const std::size_t start = pos_;
  while (pos_ < text_.size() && text_[pos_] != ',' && !at_record_end()) ++pos_;
  // A quote inside an unquoted field is kept literally, as most writers and readers do.
  field.assign(text_.substr(start, pos_ - start));
  if (pos_ < text_.size() && text_[pos_] == ',') {
    ++pos_;
    return true;
  }
  skip_record_end();
  return false;
}

bool CsvRecordReader::read_quoted(std::string& field, std::string& error) {
  const std::size_t opened_at_line = line_;
  ++pos_;  // opening quote
  while (true) {
    const std::size_t quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) {
      error = "quoted field opened on line " + std::to_string(opened_at_line) + " is never closed";
      pos_ = text_.size();
      return false;
    }
    const std::string_view chunk = text_.substr(pos_, quote - pos_);
    for (const char c : chunk) line_ += c == '\n' ? 1 : 0;
    field.append(chunk);
    pos_ = quote + 1;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      field.push_back('"');
      ++pos_;
      continue;
    }
    break;
  }
  if (pos_ < text_.size() && text_[pos_] == ',') {
    ++pos_;
    return true;
  }
  if (at_record_end()) {
    skip_record_end();
    return false;
  }
  error = "expected ',' or end of line after a closing quote on line " + std::to_string(line_);
  return false;
}

bool CsvRecordReader::at_record_end() const {
  return pos_ >= text_.size() || text_[pos_] == '\n' ||
         (text_[pos_] == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] == '\n'));
}

bool CsvRecordReader::skip_record_end() {
  if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '\n') {
    ++pos_;
    ++line_;
    return true;
  }
  return pos_ >= text_.size();
}

void CsvRecordReader::skip_to_record_end() {
  while (!at_record_end()) ++pos_;
  skip_record_end();
}

}  // namespace iotscope
