// libFuzzer target: arbitrary bytes as an IoT Inspector export (any shape, any text format,
// plain or compressed), read, reassembled and reduced. It must never crash, hang or overread.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "engine/embedded_engine.hpp"
#include "sources/iotinspector/dataset_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The reader takes paths: one file per fuzzing process, rewritten for every input.
  static const std::string path = "/tmp/iotscope-fuzz-" + std::to_string(getpid()) + ".csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  iotscope::EmbeddedEngine engine(iotscope::EngineConfig{}, 1);
  iotscope::IotInspectorOptions options;
  options.threads = 1;
  const std::string paths[] = {path};
  const auto contents = iotscope::read_iot_inspector(paths, options, engine);
  const auto summaries = engine.summarize();
  if (contents.inputs.size() != 1) __builtin_trap();  // every input is reported, good or bad
  (void)summaries;
  return 0;
}
