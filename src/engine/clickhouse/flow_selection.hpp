#pragma once
// Which stored flows a reduction reads (`analyze --where`): some homes, a time range, or all.
// Built from values, never from SQL text a user typed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace iotscope::clickhouse {

struct FlowSelection {
  std::vector<std::uint64_t> homes;  // home hashes (DeviceKey::home); empty: every home
  std::optional<double> from_ts;     // flows with first_ts >= from_ts
  std::optional<double> until_ts;    // flows with first_ts < until_ts

  bool everything() const { return homes.empty() && !from_ts && !until_ts; }
  // `table` itself, or a subquery over it that keeps the selected flows.
  std::string source_sql(const std::string& table) const;
};

}  // namespace iotscope::clickhouse
