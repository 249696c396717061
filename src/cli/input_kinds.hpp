#pragma once
// Which source reads each input file: capture files (pcap / pcapng), Zeek logs, crowdsourced
// flow datasets, probe results or nmap XML; decided from the content where the name does not say.
#include <string>
#include <vector>

namespace iotscope {

struct InputGroups {
  std::vector<std::string> datasets;  // IoT Inspector tables: CSV, TSV, JSON Lines
  std::vector<std::string> captures;  // pcap / pcapng, plain or compressed
  std::vector<std::string> zeek_logs;
  std::vector<std::string> probe_results;  // `iotscope probe` output
  std::vector<std::string> nmap_xml;       // `nmap -oX`
  bool passive_empty() const { return datasets.empty() && captures.empty() && zeek_logs.empty(); }
};

// Files in folders count when their names say what they hold; files named on the command line
// are taken by content.
bool is_dataset_name(const std::string& file_name);  // .csv .tsv .jsonl .ndjson
bool is_capture_name(const std::string& file_name);
bool is_zeek_log_name(const std::string& file_name);
bool is_nmap_xml_name(const std::string& file_name);  // .xml
InputGroups group_inputs(const std::vector<std::string>& files);

}  // namespace iotscope
