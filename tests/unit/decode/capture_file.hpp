#pragma once
// Test support: reads a pcap from tests/data/pcap with libpcap and decodes every frame.
#include <pcap/pcap.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "decode/packet_decoder.hpp"

namespace iotscope::testing {

struct CapturedFrame {
  std::vector<std::uint8_t> bytes;
  std::int64_t ts_ns = 0;
  std::uint32_t wire_length = 0;
};

struct CaptureFile {
  int link_type = 0;
  std::vector<CapturedFrame> frames;
};

inline CaptureFile read_capture(const std::string& name) {
  const std::string path = std::string(IOTSCOPE_TEST_DATA) + "/pcap/" + name;
  char error[PCAP_ERRBUF_SIZE] = {};
  pcap_t* handle =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
  if (handle == nullptr) throw std::runtime_error(path + ": " + error);
  CaptureFile capture;
  capture.link_type = pcap_datalink(handle);
  pcap_pkthdr* header = nullptr;
  const std::uint8_t* data = nullptr;
  while (pcap_next_ex(handle, &header, &data) == 1) {
    CapturedFrame frame;
    frame.bytes.assign(data, data + header->caplen);
    frame.ts_ns = std::int64_t{header->ts.tv_sec} * 1'000'000'000 + header->ts.tv_usec;
    frame.wire_length = header->len;
    capture.frames.push_back(std::move(frame));
  }
  pcap_close(handle);
  return capture;
}

// Decodes every frame through one decoder. Payload spans point into `capture` (or, for
// reassembled packets, into the decoder's buffer, which later frames may reuse).
inline std::vector<DecodedPacket> decode_all(const CaptureFile& capture, PacketDecoder& decoder) {
  std::vector<DecodedPacket> packets(capture.frames.size());
  for (std::size_t i = 0; i < capture.frames.size(); ++i) {
    const CapturedFrame& frame = capture.frames[i];
    decoder.decode(frame.bytes, frame.ts_ns, frame.wire_length, packets[i]);
  }
  return packets;
}

// A capture with its decoded packets; the packets' payloads point into `capture`, so the two
// live together.
struct DecodedCapture {
  CaptureFile capture;
  std::vector<DecodedPacket> packets;
};

inline DecodedCapture decode_file(const std::string& name) {
  DecodedCapture decoded{read_capture(name), {}};
  PacketDecoder decoder(decoded.capture.link_type);
  decoded.packets = decode_all(decoded.capture, decoder);
  return decoded;
}

inline std::string mac_text(const MacAddress& mac) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < mac.size(); ++i) {
    if (i != 0) text += ':';
    text += kHex[mac[i] >> 4];
    text += kHex[mac[i] & 0x0f];
  }
  return text;
}

}  // namespace iotscope::testing
