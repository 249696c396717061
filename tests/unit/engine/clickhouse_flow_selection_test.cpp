#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "engine/clickhouse/flow_selection.hpp"

namespace iotscope::clickhouse {
namespace {

TEST(FlowSelection, EverythingReadsTheTableItself) {
  EXPECT_EQ(source_sql(FlowSelection{}, "`iot`.`flows_local`"), "`iot`.`flows_local`");
}

TEST(FlowSelection, HomesAndTimesBecomeAFilteringSubquery) {
  FlowSelection selection;
  selection.homes = {7, 18446744073709551615ULL};
  selection.from_ts = 1700000000.125;
  selection.until_ts = 1700000060;
  EXPECT_EQ(source_sql(selection, "t"),
            "(SELECT * FROM t WHERE home IN (7, 18446744073709551615) AND first_ts >= "
            "toFloat64(1700000000.125) AND first_ts < toFloat64(1700000060))");
  FlowSelection only_until;
  only_until.until_ts = 0.1;
  EXPECT_EQ(source_sql(only_until, "t"), "(SELECT * FROM t WHERE first_ts < toFloat64(0.1))");
}

TEST(FlowSelection, RefusesTimesThatAreNotNumbers) {
  FlowSelection selection;
  selection.from_ts = std::nan("");
  EXPECT_THROW(source_sql(selection, "t"), std::invalid_argument);
}

}  // namespace
}  // namespace iotscope::clickhouse
