#include "sources/zeek/validation_status.hpp"

#include <array>

namespace iotscope {

std::optional<bool> self_signed_from_validation(std::string_view status) {
  if (status == "ok") return false;
  if (status.starts_with("self signed certificate")) return true;
  return std::nullopt;
}

}  // namespace iotscope
