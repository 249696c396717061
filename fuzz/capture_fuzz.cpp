// libFuzzer target: arbitrary bytes as a pcap or pcapng file, read from memory by libpcap
// (CaptureFile::open_memory, the reader `iotscope analyze` and `iotscope flows` use for files),
// and every frame taken through a capture worker (capture_worker.hpp: decoder, flow table, nDPI
// and our parsers, conn.log rows, flow records). Damage must end the file with an issue that
// says where, never a crash, hang or overread.
//
// The worker threads and record building of read_captures() (FlowWorkers, CaptureReader) are not
// called per input: each FlowWorkers sets up its own nDPI module (half a second under ASan), even
// without payload inspection. Replaying this corpus through `iotscope flows` covers them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "capture_worker.hpp"
#include "sources/pcap/capture_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  iotscope::InputIssue error;
  auto file = iotscope::CaptureFile::open_memory(std::span<const std::uint8_t>(data, size),
                                                 "fuzz.pcap", error);
  if (!file) {
    if (error.message.empty()) std::abort();  // a refusal always says why
    return 0;
  }
  iotscope::fuzz::CaptureWorker worker(file->link_type());
  iotscope::CaptureFrame frame;
  std::int64_t last_ns = 0;
  std::uint64_t last_offset = 0;
  while (file->next(frame)) {
    if (frame.byte_offset < last_offset || frame.byte_offset > size) std::abort();
    last_offset = frame.byte_offset;
    worker.add(frame.data, frame.ts_ns, frame.wire_length);
    last_ns = std::max(last_ns, frame.ts_ns);
  }
  if (const auto& damage = file->damage(); damage && damage->message.empty()) std::abort();
  worker.finish(last_ns);
  return 0;
}
