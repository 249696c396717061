#pragma once
// Internal knobs of read_iot_inspector that tests turn down to exercise multi-chunk paths on
// small files.
#include <cstddef>
#include <span>
#include <string>

#include "sources/iotinspector/chunk_source.hpp"
#include "sources/iotinspector/dataset_reader.hpp"

namespace iotscope {

struct IotInspectorTuning {
  std::size_t chunk_bytes = 0;  // 0: the default (4 MiB)
  FileAccess file_access = FileAccess::automatic;
};

DatasetContents read_iot_inspector_tuned(std::span<const std::string> paths,
                                         const IotInspectorOptions& options, Engine& engine,
                                         const IotInspectorTuning& tuning);

}  // namespace iotscope
