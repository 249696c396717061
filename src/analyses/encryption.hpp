#pragma once
// Per device, peer and service port: encrypted or not, as far as the port number tells.
#include <vector>

#include "analyses/result.hpp"
#include "analyses/role_index.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

// Sorted by device, peer scope, peer device, port, transport.
std::vector<EncryptionEntry> find_encryption(const Summaries& summaries, const RoleIndex& roles);

}  // namespace iotscope
