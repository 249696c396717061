#include "engine/heap_trim.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc, which the tests below need

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace iotscope {

void return_free_heap_pages() {
#if defined(__GLIBC__)
  // Trims every arena, and releases whole free pages inside them too (glibc >= 2.8).
  malloc_trim(0);
#endif
}

}  // namespace iotscope
