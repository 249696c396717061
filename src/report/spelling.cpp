#include "report/spelling.hpp"

namespace iotscope {

std::string_view peer_scope_spelling(PeerScope value) {
  return value == PeerScope::external ? "internet" : "local";
}

}  // namespace iotscope
