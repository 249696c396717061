#pragma once
// Encryption as payloads show it (captures, Zeek logs): TLS handshakes set the version, cipher
// grade and certificate of a device's service, cleartext logins and HTTP Basic credentials mark
// it plaintext with credentials in clear. Entries the port table guessed are overridden
// (how_known = payload); services only payloads revealed are added.
#include <vector>

#include "analyses/result.hpp"
#include "model/observation.hpp"

namespace iotscope {

void apply_payload_encryption(const std::vector<Observation>& observations,
                              std::vector<EncryptionEntry>& entries);

}  // namespace iotscope
