#pragma once
// Reads Zeek validate-certs' outcome.
#include <optional>
#include <string>
#include <string_view>

namespace iotscope {

// validate-certs' validation_status as TlsFacts::self_signed: true for the self-signed
// outcomes, false for "ok", unknown otherwise.
std::optional<bool> self_signed_from_validation(std::string_view status);

}  // namespace iotscope
