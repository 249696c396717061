#include "sources/zeek/zeek_line_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "sources/text/field_parsers.hpp"
#include "sources/text/record_splitter.hpp"
#include "sources/zeek/zeek_fields.hpp"

namespace iotscope {
namespace {

constexpr std::array<std::string_view, 13> kConnStates{
    "S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"};
// Columns only one of the two logs has: enough to tell them apart without #path.
constexpr std::array<std::string_view, 9> kConnOnlyColumns{
    "conn_state", "history",      "orig_pkts",     "resp_pkts",     "orig_bytes",
    "service",    "missed_bytes", "orig_ip_bytes", "tunnel_parents"};
constexpr std::array<std::string_view, 7> kSslOnlyColumns{
    "version", "cipher", "server_name", "established", "curve", "ssl_history", "resumed"};

template <class Record>
std::span<const ZeekField<Record>> fields_of();
template <>
std::span<const ZeekField<ZeekConn>> fields_of<ZeekConn>() {
  return zeek_conn_fields();
}
template <>
std::span<const ZeekField<ZeekSsl>> fields_of<ZeekSsl>() {
  return zeek_ssl_fields();
}

ZeekLogKind kind_of_path(std::string_view path) {
  if (path == "conn") return ZeekLogKind::conn;
  if (path == "ssl") return ZeekLogKind::ssl;
  return ZeekLogKind::unknown;
}

template <std::size_t N>
bool has_any(const std::vector<std::string>& names, const std::array<std::string_view, N>& set) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& name) {
    return std::find(set.begin(), set.end(), name) != set.end();
  });
}

ZeekLogKind kind_of_file_name(const std::string& file) {
  const std::size_t slash = file.find_last_of('/');
  const std::string_view base =
      std::string_view(file).substr(slash == std::string::npos ? 0 : slash + 1);
  if (base.starts_with("conn")) return ZeekLogKind::conn;
  if (base.starts_with("ssl")) return ZeekLogKind::ssl;
  return ZeekLogKind::unknown;
}

ZeekRawValue tsv_raw(std::string_view cell, const ZeekTsvHeader& header) {
  ZeekRawValue raw;
  raw.set_separator = header.set_separator;
  raw.text = cell;
  if (cell == header.unset_field)
    raw.kind = ZeekRawValue::Kind::unset;
  else if (cell == header.empty_field)
    raw.kind = ZeekRawValue::Kind::empty;
  else
    raw.kind = ZeekRawValue::Kind::tsv_text;
  return raw;
}

ZeekRawValue json_raw(const JsonMember& member) {
  ZeekRawValue raw;
  raw.text = member.value;
  if (member.is_null)
    raw.kind = ZeekRawValue::Kind::unset;
  else if (member.is_string)
    raw.kind = ZeekRawValue::Kind::json_string;
  else if (!member.value.empty() && member.value.front() == '[')
    raw.kind = ZeekRawValue::Kind::json_array;
  else
    raw.kind = ZeekRawValue::Kind::json_literal;
  return raw;
}

}  // namespace

ZeekLineParser::ZeekLineParser(std::string file, const ZeekLogSink& sink,
                               const ZeekReadOptions& options)
    : file_(std::move(file)), sink_(sink), options_(options) {
  result_.report.path = file_;
}

void ZeekLineParser::add_issue(std::uint64_t line, std::uint64_t column, std::string message) {
  if (result_.report.issues.size() >= options_.max_issues) return;
  InputIssue issue;
  issue.file = file_;
  issue.line = line;
  issue.column = column;
  issue.message = std::move(message);
  result_.report.issues.push_back(std::move(issue));
}

void ZeekLineParser::reject_line(std::uint64_t number, std::uint64_t column, std::string message) {
  ++result_.report.skipped;
  add_issue(number, column, std::move(message) + "; line skipped");
}

void ZeekLineParser::parse_line(std::string_view line, std::uint64_t number) {
  line = without_cr(line);
  if (line.empty()) return;
  if (line.front() == '#' && result_.syntax != ZeekSyntax::json) {
    parse_directive(line, number);
    return;
  }
  if (refused_) {
    ++result_.report.skipped;
    return;
  }
  if (result_.syntax == ZeekSyntax::unknown) {
    if (line.front() == '{') {
      result_.syntax = ZeekSyntax::json;
    } else {
      // No header block: `zeek-cut -m` prints the column names as the first line.
      result_.syntax = ZeekSyntax::zeek_cut;
      std::vector<std::string_view> names;
      split_zeek_line(line, header_.separator, names);
      header_.fields.assign(names.begin(), names.end());
      start_layout(number);
      return;
    }
  }
  if (result_.syntax == ZeekSyntax::json)
    parse_json_row(line, number);
  else
    parse_tsv_row(line, number);
}

void ZeekLineParser::parse_directive(std::string_view line, std::uint64_t number) {
  std::string error;
  const auto directive = apply_zeek_directive(line, header_, error);
  if (!directive) {
    add_issue(number, 0, error);
    return;
  }
  if (*directive == ZeekDirective::fields) {
    result_.syntax = ZeekSyntax::tsv;
    start_layout(number);
  }
}

bool ZeekLineParser::decide_kind(const std::vector<std::string>& names, std::uint64_t number) {
  ZeekLogKind kind = ZeekLogKind::unknown;
  if (!header_.path.empty()) {
    kind = kind_of_path(header_.path);
    if (kind == ZeekLogKind::unknown) {
      add_issue(number, 0,
                fmt::format("this is Zeek's {}.log; expected conn.log or ssl.log, so the "
                            "file is skipped",
                            header_.path));
      return false;
    }
  } else if (options_.kind != ZeekLogKind::unknown) {
    kind = options_.kind;
  } else if (has_any(names, kConnOnlyColumns)) {
    kind = ZeekLogKind::conn;
  } else if (has_any(names, kSslOnlyColumns)) {
    kind = ZeekLogKind::ssl;
  } else {
    kind = kind_of_file_name(file_);
  }
  if (kind == ZeekLogKind::unknown) {
    add_issue(number, 0,
              "cannot tell conn.log from ssl.log: expected a #path line or their columns "
              "(conn_state, history, ... or version, cipher, ...); the file is skipped");
    return false;
  }
  result_.kind = kind;
  result_.report.format = fmt::format("zeek-{}/{}", to_string(kind), to_string(result_.syntax));
  return true;
}

void ZeekLineParser::start_layout(std::uint64_t number) {
  have_layout_ = false;
  refused_ = !decide_kind(header_.fields, number);
  if (refused_) return;
  column_field_.clear();
  for (const auto& name : header_.fields) {
    const auto index = result_.kind == ZeekLogKind::conn ? find_zeek_field(zeek_conn_fields(), name)
                                                         : find_zeek_field(zeek_ssl_fields(), name);
    column_field_.push_back(index ? static_cast<int>(*index) : -1);
  }
  have_layout_ = true;
}

void ZeekLineParser::parse_tsv_row(std::string_view line, std::uint64_t number) {
  if (!have_layout_) {
    reject_line(number, 0, "expected the #fields header line before data");
    return;
  }
  split_zeek_line(line, header_.separator, cells_);
  if (cells_.size() != header_.fields.size()) {
    reject_line(number, 0,
                fmt::format("expected {} tab-separated fields (as #fields lists), found {}",
                            header_.fields.size(), cells_.size()));
    return;
  }
  raws_.clear();
  for (const auto cell : cells_) raws_.push_back(tsv_raw(cell, header_));
  if (result_.kind == ZeekLogKind::conn)
    emit_tsv<ZeekConn>(number);
  else
    emit_tsv<ZeekSsl>(number);
}

template <class Record>
void ZeekLineParser::emit_tsv(std::uint64_t number) {
  const auto fields = fields_of<Record>();
  Record record;
  for (std::size_t i = 0; i < raws_.size(); ++i) {
    const ZeekRawValue& raw = raws_[i];
    if (column_field_[i] < 0) {
      const std::string type = i < header_.types.size() ? header_.types[i] : std::string();
      record.extra.push_back({header_.fields[i], type, zeek_tsv_text(raw)});
      continue;
    }
    const auto& field = fields[static_cast<std::size_t>(column_field_[i])];
    std::string expected;
    if (!field.parse(record, raw, expected)) {
      reject_line(number, i + 1, fmt::format("field {}: {}", field.name, expected));
      return;
    }
    if (field.type == "time" && is_masked_time(raw.text)) ++result_.masked_times;
  }
  finish_record(record, number);
}

void ZeekLineParser::parse_json_row(std::string_view line, std::uint64_t number) {
  if (!json_.parse(line)) {
    reject_line(number, 0,
                fmt::format("expected one JSON object per line: {} (byte {})", json_.error(),
                            json_.error_offset() + 1));
    return;
  }
  if (!have_layout_) {
    std::vector<std::string> names;
    for (const auto& member : json_.members()) {
      names.emplace_back(member.key);
      if (member.key == "_path" && member.is_string) header_.path = std::string(member.value);
    }
    refused_ = !decide_kind(names, number);
    have_layout_ = !refused_;
    if (refused_) {
      ++result_.report.skipped;
      return;
    }
  }
  if (result_.kind == ZeekLogKind::conn)
    emit_json<ZeekConn>(number);
  else
    emit_json<ZeekSsl>(number);
}

template <class Record>
void ZeekLineParser::emit_json(std::uint64_t number) {
  const auto fields = fields_of<Record>();
  Record record;
  std::uint64_t column = 0;
  for (const auto& member : json_.members()) {
    ++column;
    if (member.key.starts_with('_')) continue;  // writer metadata: _path, _write_ts, _node
    const ZeekRawValue raw = json_raw(member);
    const auto index = find_zeek_field(fields, member.key);
    if (!index) {
      record.extra.push_back({std::string(member.key), std::string(), zeek_tsv_text(raw)});
      continue;
    }
    std::string expected;
    if (!fields[*index].parse(record, raw, expected)) {
      reject_line(number, column, fmt::format("key \"{}\": {}", fields[*index].name, expected));
      return;
    }
  }
  finish_record(record, number);
}

template <class Record>
bool ZeekLineParser::finish_record(Record& record, std::uint64_t number) {
  if constexpr (std::is_same_v<Record, ZeekConn>) {
    if (record.conn_state && std::find(kConnStates.begin(), kConnStates.end(),
                                       *record.conn_state) == kConnStates.end()) {
      reject_line(number, 0,
                  fmt::format("conn_state {}: expected one of Zeek's states S0 S1 SF REJ S2 S3 "
                              "RSTO RSTR RSTOS0 RSTRH SH SHR OTH",
                              quote_for_message(*record.conn_state)));
      return false;
    }
    ++result_.report.records;
    if (sink_.on_conn) sink_.on_conn(std::move(record));
  } else {
    ++result_.report.records;
    if (sink_.on_ssl) sink_.on_ssl(std::move(record));
  }
  return true;
}

}  // namespace iotscope
