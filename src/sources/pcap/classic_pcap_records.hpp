#pragma once
// The records of a classic pcap file (version 2.4, micro- or nanosecond, either byte order) read
// straight from bytes held by the caller, or from a file through one reused buffer. libpcap opens
// the file first and vouches for its header; this reader takes over the records, where libpcap
// would copy each one twice (into stdio's buffer, then into its own). Damage is named as libpcap
// names it.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "sources/pcap/capture_file.hpp"
#include "sources/text/compressed_file.hpp"

namespace iotscope {

// What libpcap established when it opened the file.
struct PcapFileFacts {
  int link_type = 0;  // pcap_datalink()
  int snapshot = 0;   // pcap_snapshot(): the header's snapshot length, made sane by libpcap
};

// True when `bytes` start with a classic pcap header this reader takes: version 2.4 (older
// versions may have caplen and len swapped, which libpcap untangles).
bool reads_classic_pcap_records(std::span<const std::uint8_t> bytes);

// nullptr unless the capture starts with a header this reader takes.
// `bytes` is the whole file, header included, and outlives the reader.
std::unique_ptr<CaptureFile> classic_pcap_records(std::string path,
                                                  std::span<const std::uint8_t> bytes,
                                                  PcapFileFacts facts);
// A plain file, read from its start.
std::unique_ptr<CaptureFile> classic_pcap_records(std::string path,
                                                  std::unique_ptr<DecompressingReader> file,
                                                  PcapFileFacts facts);

}  // namespace iotscope
