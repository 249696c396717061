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

std::string FlowSelection::source_sql(const std::string& table) const {
  if (everything()) return table;
  std::vector<std::string> conditions;
  if (!homes.empty()) conditions.push_back(fmt::format("home IN ({})", fmt::join(homes, ", ")));
  if (from_ts) conditions.push_back("first_ts >= " + time_literal(*from_ts));
  if (until_ts) conditions.push_back("first_ts < " + time_literal(*until_ts));
  return fmt::format("(SELECT * FROM {} WHERE {})", table, fmt::join(conditions, " AND "));
}

}  // namespace iotscope::clickhouse
