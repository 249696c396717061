#include "sources/zeek/zeek_conn_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "sources/zeek/zeek_fields.hpp"
#include "sources/zeek/zeek_values.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kL2Columns = 2;  // orig_l2_addr, resp_l2_addr: the last known columns

// Zeek's #open stamp: "2024-05-01-12-00-00" (UTC here, so output does not depend on the host).
std::string zeek_stamp(double unix_seconds) {
  const auto seconds = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}-{:02}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// The row's value for extra column `index`: rows read from one layout hold their extras in
// column order, which also keeps columns whose names repeat apart; else the first of that name.
const ZeekExtraField* find_extra(const ZeekConn& row, std::size_t index, const std::string& name) {
  if (index < row.extra.size() && row.extra[index].name == name) return &row.extra[index];
  const auto it = std::find_if(row.extra.begin(), row.extra.end(),
                               [&](const ZeekExtraField& f) { return f.name == name; });
  return it == row.extra.end() ? nullptr : &*it;
}

bool is_numeric_type(std::string_view type) {
  return type == "count" || type == "int" || type == "port" || type == "double" || type == "time" ||
         type == "interval";
}

// An extra column's TSV text as a JSON value, typed by its Zeek type.
void append_extra_json(std::string& out, const std::string& text, std::string_view type) {
  if (is_numeric_type(type)) {
    out += text;
  } else if (type == "bool") {
    out += text == "T" ? "true" : "false";
  } else if (type.starts_with("set[") || type.starts_with("vector[")) {
    out.push_back('[');
    if (text != "(empty)") {
      std::size_t start = 0;
      for (bool first = true;; first = false) {
        const std::size_t end = text.find(',', start);
        if (!first) out.push_back(',');
        append_json_string(out, zeek_unescape(std::string_view(text).substr(start, end - start)));
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
    out.push_back(']');
  } else {
    append_json_string(out, text == "(empty)" ? std::string() : zeek_unescape(text));
  }
}

}  // namespace

ZeekConnWriter::ZeekConnWriter(std::ostream& out, ZeekConnWriterOptions options)
    : out_(out), options_(std::move(options)) {
  if (!options_.open_time) options_.open_time = now_seconds();
  if (options_.format == ZeekWriteFormat::tsv) write_header();
}

std::size_t ZeekConnWriter::known_columns() const {
  const std::size_t all = zeek_conn_fields().size();
  return options_.l2_addresses ? all : all - kL2Columns;
}

void ZeekConnWriter::write_header() {
  const auto fields = zeek_conn_fields().first(known_columns());
  std::string names;
  std::string types;
  for (const auto& field : fields) {
    names += fmt::format("\t{}", field.name);
    types += fmt::format("\t{}", field.type);
  }
  // Extra columns' names and types come from other logs (JSON keys and #types may hold
  // anything): a control byte would break the header line, and a CR written last on it would
  // read back as a line ending, so they are written as \xHH.
  for (const auto& column : options_.extra_columns) {
    names.push_back('\t');
    append_control_bytes_escaped(names, column.name);
    types.push_back('\t');
    append_control_bytes_escaped(types, column.type.empty() ? "string" : column.type);
  }
  out_ << "#separator \\x09\n"
       << "#set_separator\t,\n"
       << "#empty_field\t(empty)\n"
       << "#unset_field\t-\n"
       << "#path\tconn\n"
       << "#open\t" << zeek_stamp(*options_.open_time) << '\n'
       << "#fields" << names << '\n'
       << "#types" << types << '\n';
}

void ZeekConnWriter::write(const ZeekConn& row) {
  if (options_.format == ZeekWriteFormat::tsv) {
    begin_tsv(row);
    for (std::size_t i = 0; i < options_.extra_columns.size(); ++i) {
      line_.push_back('\t');
      const ZeekExtraField* extra = find_extra(row, i, options_.extra_columns[i].name);
      if (extra && extra->value)
        line_.append(*extra->value);
      else
        line_.push_back('-');
    }
    end_line();
    return;
  }
  begin_json(row);
  for (std::size_t i = 0; i < options_.extra_columns.size(); ++i) {
    const auto& column = options_.extra_columns[i];
    const ZeekExtraField* extra = find_extra(row, i, column.name);
    if (!extra || !extra->value) continue;
    json_key(column.name);
    append_extra_json(line_, *extra->value, column.type.empty() ? extra->type : column.type);
  }
  line_.push_back('}');
  end_line();
}

void ZeekConnWriter::write(const ZeekConn& row, std::span<const std::string_view> extra_values) {
  const std::size_t count = std::min(extra_values.size(), options_.extra_columns.size());
  if (options_.format == ZeekWriteFormat::tsv) {
    begin_tsv(row);
    for (std::size_t i = 0; i < options_.extra_columns.size(); ++i) {
      line_.push_back('\t');
      if (i < count && !extra_values[i].empty())
        append_zeek_escaped(line_, extra_values[i], false);
      else
        line_.push_back('-');
    }
    end_line();
    return;
  }
  begin_json(row);
  for (std::size_t i = 0; i < count; ++i) {
    if (extra_values[i].empty()) continue;
    json_key(options_.extra_columns[i].name);
    append_json_string(line_, extra_values[i]);
  }
  line_.push_back('}');
  end_line();
}

void ZeekConnWriter::begin_tsv(const ZeekConn& row) {
  line_.clear();
  const auto fields = zeek_conn_fields().first(known_columns());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line_.push_back('\t');
    fields[i].append_tsv(row, line_);
  }
}

void ZeekConnWriter::begin_json(const ZeekConn& row) {
  line_.clear();
  line_.push_back('{');
  json_first_ = true;
  for (const auto& field : zeek_conn_fields().first(known_columns())) {
    if (!field.is_set(row)) continue;
    json_key(field.name);
    field.append_json(row, line_);
  }
}

void ZeekConnWriter::json_key(std::string_view name) {
  if (!json_first_) line_.push_back(',');
  json_first_ = false;
  append_json_string(line_, name);
  line_.push_back(':');
}

void ZeekConnWriter::end_line() {
  line_.push_back('\n');
  out_ << line_;
}

void ZeekConnWriter::close() {
  if (closed_) return;
  closed_ = true;
  if (options_.format == ZeekWriteFormat::tsv)
    out_ << "#close\t" << zeek_stamp(*options_.open_time) << '\n';
  out_.flush();
}

void write_zeek_conn_log(std::ostream& out, std::span<const ZeekConn> rows,
                         ZeekConnWriterOptions options) {
  if (options.extra_columns.empty() && !rows.empty())
    for (const auto& extra : rows.front().extra)
      options.extra_columns.push_back({extra.name, extra.type});
  ZeekConnWriter writer(out, std::move(options));
  for (const auto& row : rows) writer.write(row);
  writer.close();
}

}  // namespace iotscope
