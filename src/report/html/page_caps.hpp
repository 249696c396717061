#pragma once
// How much of a result goes into report.html. The page must load in a few seconds for 50,000
// homes, so long lists are cut to their most telling rows and labels folded into "other"; the
// page says what was cut.
#include <cstddef>

namespace iotscope {

struct PageCaps {
  std::size_t devices = 2000;           // devices table: most findings first
  std::size_t scans = 2000;             // scans: most targets first
  std::size_t scan_ports = 20;          // ports listed per scan
  std::size_t encryption_rows = 2000;   // per device and service: plaintext first, then flows
  std::size_t encryption_groups = 300;  // per service and status summary: most flows first
  std::size_t exposure_rows = 2000;     // most confident first
  std::size_t candidates = 500;         // best first
  std::size_t labels_per_port = 20;     // Sankey: device labels per local port, peers per port
  std::size_t per_port_keys = 30;       // drill-down bars per chart
  std::size_t port_sharing = 500;       // most devices first
  std::size_t offered_rows = 2000;      // active measurement: per device and port, in key order
  std::size_t inputs = 200;
  std::size_t warnings = 200;
  std::size_t issues_per_input = 5;
};

}  // namespace iotscope
