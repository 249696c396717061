#pragma once
// One frame as a capture file holds it. `data` belongs to the reader and stays valid until the
// reader's next call, so frames are never copied on the way to the decoder.
#include <cstdint>
#include <span>

#include "sources/pcap/lendable_buffer.hpp"

namespace iotscope {

struct CaptureFrame {
  std::int64_t ts_ns = 0;  // Unix nanoseconds
  std::uint32_t wire_length = 0;
  std::span<const std::uint8_t> data;  // the captured bytes (shorter than wire_length when cut)
  int link_type = 0;                   // LINKTYPE_* of the file
  std::uint32_t file_index = 0;        // which input of a merged capture
  std::uint64_t byte_offset = 0;       // where the frame's record ends in the (decompressed) file
  // The buffer `data` lies in, when holding a copy of buffer->bytes keeps the bytes valid beyond
  // the reader's next call (CaptureFile::lend_buffers); nullptr otherwise.
  const LendableBuffer* buffer = nullptr;
};

}  // namespace iotscope
