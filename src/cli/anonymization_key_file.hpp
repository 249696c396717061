#pragma once
// Where the anonymization secret lives unless the user names a file: outside every report, so
// sharing a report never shares the key.
#include <filesystem>

namespace iotscope {

std::filesystem::path default_key_file();

}  // namespace iotscope
