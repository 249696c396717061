#include "cli/anonymization_key_file.hpp"

#include <cstdlib>

namespace iotscope {

namespace fs = std::filesystem;

fs::path default_key_file() {
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config != nullptr && *config != '\0') {
    return fs::path(config) / "iotscope" / "anonymization.key";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return fs::path(home) / ".config" / "iotscope" / "anonymization.key";
  }
  return fs::path(".iotscope-anonymization.key");
}

}  // namespace iotscope
