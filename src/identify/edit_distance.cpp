#include "identify/edit_distance.hpp"

#include <cstddef>

namespace iotscope {
namespace {

// `longer` has exactly one character more than `shorter`.
bool one_insertion_apart(std::string_view shorter, std::string_view longer) {
  std::size_t i = 0;
  while (i < shorter.size() && shorter[i] == longer[i]) ++i;
  return shorter.substr(i) == longer.substr(i + 1);
}

bool one_substitution_or_swap_apart(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;
  if (a.substr(i + 1) == b.substr(i + 1)) return true;
  return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
         a.substr(i + 2) == b.substr(i + 2);
}

}  // namespace

bool within_one_edit(std::string_view a, std::string_view b) {
  if (a.size() == b.size()) return one_substitution_or_swap_apart(a, b);
  if (a.size() + 1 == b.size()) return one_insertion_apart(a, b);
  if (b.size() + 1 == a.size()) return one_insertion_apart(b, a);
  return false;
}

}  // namespace iotscope
