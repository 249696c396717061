#pragma once
// Which flows an analysis reads (`analyze --home/--from/--until`): some homes, a time range of
// flow starts, or all. Both engines apply the same rule: the embedded one while flows arrive
// (selecting_engine.hpp), ClickHouse in SQL (clickhouse/flow_selection.hpp). Built from values,
// never from SQL text a user typed.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/flow_record.hpp"

namespace iotscope {

struct FlowSelection {
  std::vector<std::uint64_t> homes;  // home hashes (DeviceKey::home), sorted; empty: every home
  std::optional<double> from_ts;     // flows with first_ts >= from_ts
  std::optional<double> until_ts;    // flows with first_ts < until_ts

  bool everything() const { return homes.empty() && !from_ts && !until_ts; }
  bool keeps_home(std::uint64_t home) const {
    return homes.empty() || std::binary_search(homes.begin(), homes.end(), home);
  }
  bool keeps_time(double ts) const {
    return (!from_ts || ts >= *from_ts) && (!until_ts || ts < *until_ts);
  }
  bool keeps(const FlowRecord& flow) const {
    return keeps_home(flow.device.home) && keeps_time(flow.first_ts);
  }
};

}  // namespace iotscope
