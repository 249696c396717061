#pragma once
// conn.log rows written into a string, with an #open time that does not depend on the clock, so
// two runs' logs compare as text.
#include <sstream>

#include "sources/zeek/zeek_conn_writer.hpp"

namespace iotscope::testing {

struct ConnLogText {
  ConnLogText() : writer(log, stable_options()) {}

  static ZeekConnWriterOptions stable_options() {
    ZeekConnWriterOptions options;
    options.open_time = 0;
    return options;
  }

  std::ostringstream log;
  ZeekConnWriter writer;
};

}  // namespace iotscope::testing
