#pragma once
// Words that name a device type in labels and device names, and the type a vendor's devices
// usually are when nothing else is known.
#include <span>
#include <string_view>

#include "model/enums.hpp"

namespace iotscope {

struct TypeKeyword {
  std::string_view phrase;  // matched like vendor spellings; a plural "s" is also accepted
  DeviceType type;
  bool fuzzy = true;  // false for words one typo away from common words ("light"/"night")
};

struct VendorDefaultType {
  std::string_view vendor;  // canonical name from vendor_spellings()
  DeviceType type;
};

std::span<const TypeKeyword> type_keywords();
// Registry organisations that tell the type although their vendor's product line is mixed
// ("Ring LLC" makes doorbells, "eero inc." routers); matched exactly, like registry names.
std::span<const TypeKeyword> organisation_type_hints();
// Only vendors whose networked products are overwhelmingly of one type are listed.
std::span<const VendorDefaultType> vendor_default_types();

}  // namespace iotscope
