#pragma once
#include <string_view>

namespace iotscope {

// True when `a` becomes `b` with at most one insertion, deletion, substitution or swap of two
// adjacent characters ("phlips"/"philips", "phillips"/"philips", "sonso"/"sonos").
bool within_one_edit(std::string_view a, std::string_view b);

}  // namespace iotscope
