#include "engine/summaries_release.hpp"

namespace iotscope {

void release_tables(Summaries& summaries) {
  release_vector(summaries.local_ports);
  release_vector(summaries.remote_ports);
  release_vector(summaries.edges);
  release_vector(summaries.scan_windows);
  release_vector(summaries.devices);
}

}  // namespace iotscope
