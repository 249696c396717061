#pragma once
// What the sources tests share for text: where the Zeek logs are, a text's lines, and the real
// traces in tests/data.
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace iotscope::testing {

inline const std::string kZeekData = std::string(IOTSCOPE_TEST_DATA) + "/zeek/";

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every capture under `dir` (pcap, pcapng, Zeek's .trace), sorted.
inline std::vector<std::string> traces_under(const std::filesystem::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".pcap" || ext == ".pcapng" || ext == ".trace") found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

// The captures of real tools in tests/data/pcap, then the Zeek test suite's traces.
inline std::vector<std::string> real_traces() {
  auto traces = traces_under(std::filesystem::path(IOTSCOPE_TEST_DATA) / "pcap");
  const auto zeek = traces_under(std::filesystem::path(IOTSCOPE_TEST_DATA) / "zeek-agreement");
  traces.insert(traces.end(), zeek.begin(), zeek.end());
  return traces;
}

}  // namespace iotscope::testing
