#pragma once
// The flow selection (engine/flow_selection.hpp) as SQL: a filtering subquery built from values.
#include <string>
#include <string_view>

#include "engine/flow_selection.hpp"

namespace iotscope::clickhouse {

using iotscope::FlowSelection;

// " WHERE ..." keeping the selected homes and, with a `time_column`, times; empty for everything.
std::string where_sql(const FlowSelection& selection, std::string_view time_column);

// `table` itself, or a subquery over it that keeps the selected flows.
std::string source_sql(const FlowSelection& selection, const std::string& table);

}  // namespace iotscope::clickhouse
