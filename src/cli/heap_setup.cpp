#include "cli/heap_setup.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <memory>

#if defined(IOTSCOPE_WITH_MIMALLOC)
#include <mimalloc.h>
#endif

namespace iotscope {

void set_up_heap() {
#if defined(IOTSCOPE_WITH_MIMALLOC)
  // mimalloc reads its options from the environment only when nothing set them before.
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr)
    mi_option_set_enabled(mi_option_large_os_pages, true);
#endif
}

std::string heap_description() {
#if defined(IOTSCOPE_WITH_MIMALLOC)
  // Linked is not enough: mimalloc serves malloc only when it comes before the C library.
  const auto probe = std::make_unique<std::array<char, 64>>();
  const bool served = mi_is_in_heap_region(probe.get());
  const int version = mi_version();
  return fmt::format("mimalloc {}.{}.{}{}, {} pages", version / 100, version / 10 % 10,
                     version % 10, served ? "" : " (linked, but not serving malloc)",
                     mi_option_is_enabled(mi_option_large_os_pages) ? "2 MiB" : "4 KiB");
#else
  return "the C library's malloc";
#endif
}

}  // namespace iotscope
