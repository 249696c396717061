// libFuzzer target: arbitrary bytes as an IoT Inspector export (any shape, any text format,
// plain or compressed), detected, read in small chunks (so records are cut across chunk
// boundaries), reassembled into flows and reduced. It must never crash, hang or overread.
//
// The reader takes paths: it maps plain files, streams compressed ones and names files and
// directories in its reports. The input is written to an in-memory file (memfd) that the reader
// opens by its /proc path: no disk I/O, and the same code as for a file on disk.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/embedded_engine.hpp"
#include "sources/iotinspector/dataset_reader.hpp"
#include "sources/iotinspector/dataset_reader_tuning.hpp"

namespace {

class MemoryFile {
 public:
  MemoryFile() : fd_(memfd_create("iotinspector-fuzz", 0)) {
    if (fd_ < 0) std::abort();
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  void assign(const std::uint8_t* data, std::size_t size) {
    if (ftruncate(fd_, 0) != 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
  }
  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file;
  file.assign(data, size);
  iotscope::EmbeddedEngine engine(iotscope::EngineConfig{}, 1);
  iotscope::IotInspectorOptions options;
  options.threads = 1;
  iotscope::IotInspectorTuning tuning;
  tuning.chunk_bytes = 512;
  const std::string paths[] = {file.path()};
  const auto contents = iotscope::read_iot_inspector_tuned(paths, options, engine, tuning);
  const auto summaries = engine.summarize();
  if (contents.inputs.size() != 1) std::abort();  // every input is reported, good or bad
  (void)summaries;
  return 0;
}
