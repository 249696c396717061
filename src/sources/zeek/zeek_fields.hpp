#pragma once
// The known columns of conn.log and ssl.log, in Zeek's order: name, Zeek type and how to read
// and write the member that holds it. Readers look columns up by name, so any column order works;
// the writer emits them in this order.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sources/zeek/zeek_records.hpp"
#include "sources/zeek/zeek_values.hpp"
#include "util/json_string.hpp"

namespace iotscope {

template <class Record>
struct ZeekField {
  std::string_view name;
  std::string_view type;
  bool (*parse)(Record& record, const ZeekRawValue& raw, std::string& expected);
  bool (*is_set)(const Record& record);
  void (*append_tsv)(const Record& record, std::string& out);   // "-" when unset
  void (*append_json)(const Record& record, std::string& out);  // only called when set
};

std::span<const ZeekField<ZeekConn>> zeek_conn_fields();
std::span<const ZeekField<ZeekSsl>> zeek_ssl_fields();

// The index of `name` in `fields`, or nullopt.
template <class Record>
std::optional<std::size_t> find_zeek_field(std::span<const ZeekField<Record>> fields,
                                           std::string_view name) {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return i;
  return std::nullopt;
}

}  // namespace iotscope
