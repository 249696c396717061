#pragma once
// Large stages free many small blocks at once (per-home summaries after the merge, the summaries
// after the analyses). The allocator keeps such freed pages mapped, so the process's resident
// memory stays at the old peak while the next stage allocates more on top. Handing them back
// keeps the peak at what is really live.
namespace iotscope {

// Returns the allocator's free pages to the operating system; a no-op where that is not known.
void return_free_heap_pages();

}  // namespace iotscope
