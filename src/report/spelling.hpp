#pragma once
// Report spellings that the model and result vocabularies do not define themselves.
#include <string_view>

#include "model/enums.hpp"

namespace iotscope {

// Where an encryption entry's peer is: "internet" or "local" (a known device is named by id).
std::string_view peer_scope_spelling(PeerScope value);

}  // namespace iotscope
