#include "cli/input_kinds.hpp"

#include <filesystem>
#include <fstream>

#include "sources/pcap/capture_source.hpp"
#include "sources/probe/probe_results_jsonl.hpp"

namespace iotscope {
namespace {

std::string without_compression(std::string name) {
  for (const char* suffix : {".gz", ".zst"}) {
    if (name.ends_with(suffix)) name.resize(name.size() - std::string_view(suffix).size());
  }
  return name;
}

// Zeek's TSV logs open with their header block.
bool starts_like_zeek_tsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(10, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == static_cast<std::streamsize>(head.size()) && head == "#separator";
}

// nmap's XML output names its root element within the first lines (after the DOCTYPE and the
// stylesheet instruction).
bool starts_like_nmap_xml(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.starts_with("<?xml") && head.find("<nmaprun") != std::string::npos;
}

}  // namespace

bool is_nmap_xml_name(const std::string& file_name) {
  return file_name.ends_with(".xml");
}

bool is_dataset_name(const std::string& file_name) {
  const std::string name = without_compression(file_name);
  return name.ends_with(".csv") || name.ends_with(".tsv") || name.ends_with(".jsonl") ||
         name.ends_with(".ndjson");
}

bool is_capture_name(const std::string& file_name) {
  const std::string name = without_compression(file_name);
  return name.ends_with(".pcap") || name.ends_with(".pcapng") || name.ends_with(".cap");
}

bool is_zeek_log_name(const std::string& file_name) {
  const std::string name = without_compression(file_name);
  return (name.starts_with("conn.") || name.starts_with("ssl.")) &&
         (name.ends_with(".log") || name.ends_with(".json"));
}

InputGroups group_inputs(const std::vector<std::string>& files) {
  InputGroups groups;
  for (const auto& file : files) {
    const std::string name = std::filesystem::path(file).filename().string();
    // A file named as a capture goes to the capture reader even when its magic is wrong: that
    // reader says what a capture should start with, the dataset reader would not.
    if (looks_like_capture(file) || is_capture_name(name)) {
      groups.captures.push_back(file);
    } else if (is_zeek_log_name(name) || starts_like_zeek_tsv(file)) {
      groups.zeek_logs.push_back(file);
    } else if (looks_like_probe_results(file)) {
      groups.probe_results.push_back(file);
    } else if (starts_like_nmap_xml(file)) {
      groups.nmap_xml.push_back(file);
    } else {
      groups.datasets.push_back(file);  // that reader reports what it cannot read
    }
  }
  return groups;
}

}  // namespace iotscope
