#pragma once
// Application-protocol identification with nDPI on the first packets of a connection, and the
// flow risks nDPI finds on the way. nDPI's detection module is not thread-safe while it
// classifies, so each worker owns one classifier; each inspected connection owns one
// NdpiFlowState (nDPI's ~700-byte flow struct), which is reused after the connection closes.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

struct ndpi_detection_module_struct;
struct ndpi_flow_struct;

namespace iotscope {

struct NdpiVerdict {
  std::string protocol;            // nDPI's name, "TLS", "HTTP", "DNS", "MQTT", "TLS.Google"
  std::string category;            // nDPI's category name, "Web", "IoT-Scada", ...
  bool guessed = false;            // from the port only: nDPI saw no decisive payload
  std::vector<std::string> risks;  // nDPI's flow-risk names
};

class NdpiFlowState {
 public:
  NdpiFlowState();
  ~NdpiFlowState();
  NdpiFlowState(const NdpiFlowState&) = delete;
  NdpiFlowState& operator=(const NdpiFlowState&) = delete;
  // Ready for a new connection: frees what nDPI allocated for the last one.
  void reset();
  // The flow struct, allocated on first use: connections the parsers name never need one.
  ndpi_flow_struct* get();
  bool allocated() const { return flow_ != nullptr; }

 private:
  ndpi_flow_struct* flow_ = nullptr;
};

class NdpiClassifier {
 public:
  NdpiClassifier();
  ~NdpiClassifier();
  NdpiClassifier(const NdpiClassifier&) = delete;
  NdpiClassifier& operator=(const NdpiClassifier&) = delete;

  // Feeds one IP datagram (from its first IP header byte) of the connection. Returns true once
  // nDPI needs no more packets of it.
  bool feed(NdpiFlowState& flow, std::span<const std::uint8_t> ip_packet, std::int64_t ts_ns);
  // Keeps nDPI's TLS dissector off the connection (before its first packet).
  void rule_out_tls(NdpiFlowState& flow);
  // Whether nDPI has named the connection's protocol from the packets fed so far.
  static bool named(NdpiFlowState& flow);
  // What nDPI concluded; gives up (falling back to a port guess) when it had not decided.
  NdpiVerdict verdict(NdpiFlowState& flow);

 private:
  ndpi_detection_module_struct* module_;
};

}  // namespace iotscope
