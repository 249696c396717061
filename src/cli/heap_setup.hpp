#pragma once
// The program's heap. Built with IOTSCOPE_MIMALLOC (the default outside sanitizer builds), the
// iotscope program allocates through mimalloc on 2 MiB pages. Every first touch of a 4 KiB page
// costs a page fault, and on the virtual machines iotscope was measured on a fault costs about
// 17 us: a 50,000-home analysis touched 2.6 M pages, over a quarter of its CPU time. 2 MiB pages
// need 512 times fewer faults (bench/RESULTS.md section 2). The price is memory: mimalloc does not
// hand 2 MiB pages back while the program runs. MIMALLOC_LARGE_OS_PAGES=0 in the environment
// keeps 4 KiB pages.
#include <string>

namespace iotscope {

// Call first thing in main, before the large allocations.
void set_up_heap();
// "mimalloc 2.0.9, 2 MiB pages", or what else serves malloc: for --version.
std::string heap_description();

}  // namespace iotscope
