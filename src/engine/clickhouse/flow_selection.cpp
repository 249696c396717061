#include "engine/clickhouse/flow_selection.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace iotscope::clickhouse {
namespace {

std::string time_literal(double seconds) {
  if (!std::isfinite(seconds)) throw std::invalid_argument("flow selection: time is not finite");
  return fmt::format("toFloat64({})", seconds);  // shortest round-trip form: the exact double
}

}  // namespace

std::string where_sql(const FlowSelection& selection, std::string_view time_column) {
  std::vector<std::string> conditions;
  if (!selection.homes.empty()) {
    conditions.push_back(fmt::format("home IN ({})", fmt::join(selection.homes, ", ")));
  }
  if (!time_column.empty() && selection.from_ts) {
    conditions.push_back(fmt::format("{} >= {}", time_column, time_literal(*selection.from_ts)));
  }
  if (!time_column.empty() && selection.until_ts) {
    conditions.push_back(fmt::format("{} < {}", time_column, time_literal(*selection.until_ts)));
  }
  if (conditions.empty()) return {};
  return fmt::format(" WHERE {}", fmt::join(conditions, " AND "));
}

std::string source_sql(const FlowSelection& selection, const std::string& table) {
  if (selection.everything()) return table;
  return fmt::format("(SELECT * FROM {}{})", table, where_sql(selection, "first_ts"));
}

}  // namespace iotscope::clickhouse
