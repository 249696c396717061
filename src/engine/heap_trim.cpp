#include "engine/heap_trim.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc, which the tests below need

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// mimalloc's collection, present when the program links mimalloc (src/cli/heap_setup.hpp) and
// null in the programs that do not (the tests, the benchmarks): this library serves both.
extern "C" void mi_collect(bool force) noexcept __attribute__((weak));

namespace iotscope {

void return_free_heap_pages() {
  if (mi_collect != nullptr) {
    // Frees the segments that are wholly free, the abandoned ones of finished threads included.
    mi_collect(true);
    return;
  }
#if defined(__GLIBC__)
  // Trims every arena, and releases whole free pages inside them too (glibc >= 2.8).
  malloc_trim(0);
#endif
}

}  // namespace iotscope
