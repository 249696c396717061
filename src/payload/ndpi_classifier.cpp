#include "payload/ndpi_classifier.hpp"

#include <array>
#include <cstring>
#include <limits>
#include <new>

// nDPI's headers are C and not warning-clean under our flags.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wshadow"
#include <ndpi/ndpi_api.h>
#pragma GCC diagnostic pop

namespace iotscope {
namespace {

constexpr std::size_t kProtocolNameBytes = 64;

bool is_unknown(const ndpi_protocol& protocol) {
  return protocol.app_protocol == NDPI_PROTOCOL_UNKNOWN &&
         protocol.master_protocol == NDPI_PROTOCOL_UNKNOWN;
}

std::vector<std::string> risk_names(ndpi_risk risk) {
  std::vector<std::string> names;
  for (int bit = 0; bit < NDPI_MAX_RISK; ++bit) {
    if ((risk & (ndpi_risk{1} << bit)) != 0) {
      names.emplace_back(ndpi_risk2str(static_cast<ndpi_risk_enum>(bit)));
    }
  }
  return names;
}

}  // namespace

NdpiFlowState::NdpiFlowState() = default;

NdpiFlowState::~NdpiFlowState() {
  if (flow_ == nullptr) return;
  ndpi_free_flow_data(flow_);
  std::free(flow_);
}

void NdpiFlowState::reset() {
  if (flow_ == nullptr) return;
  ndpi_free_flow_data(flow_);
  std::memset(static_cast<void*>(flow_), 0, SIZEOF_FLOW_STRUCT);
}

ndpi_flow_struct* NdpiFlowState::get() {
  if (flow_ == nullptr) {
    flow_ = static_cast<ndpi_flow_struct*>(std::calloc(1, SIZEOF_FLOW_STRUCT));
    if (flow_ == nullptr) throw std::bad_alloc();
  }
  return flow_;
}

NdpiClassifier::NdpiClassifier() : module_(ndpi_init_detection_module(ndpi_no_prefs)) {
  if (module_ == nullptr) throw std::bad_alloc();
  NDPI_PROTOCOL_BITMASK all;
  NDPI_BITMASK_SET_ALL(all);
  ndpi_set_protocol_detection_bitmask2(module_, &all);
  ndpi_finalize_initialization(module_);
}

NdpiClassifier::~NdpiClassifier() {
  ndpi_exit_detection_module(module_);
}

bool NdpiClassifier::feed(NdpiFlowState& flow, std::span<const std::uint8_t> ip_packet,
                          std::int64_t ts_ns) {
  // nDPI takes a 16-bit length; a reassembled datagram can be longer, and its first 64 KiB
  // hold everything a classifier looks at.
  const auto length = static_cast<unsigned short>(
      std::min<std::size_t>(ip_packet.size(), std::numeric_limits<unsigned short>::max()));
  const auto ts_ms = static_cast<std::uint64_t>(ts_ns / 1'000'000);
  const ndpi_protocol protocol =
      ndpi_detection_process_packet(module_, flow.get(), ip_packet.data(), length, ts_ms);
  if (is_unknown(protocol)) return false;
  return ndpi_extra_dissection_possible(module_, flow.get()) == 0;
}

void NdpiClassifier::rule_out_tls(NdpiFlowState& flow) {
  ndpi_exclude_protocol(module_, flow.get(), NDPI_PROTOCOL_TLS, __FILE__, __func__, __LINE__);
}

bool NdpiClassifier::named(NdpiFlowState& flow) {
  return flow.allocated() && flow.get()->detected_protocol_stack[0] != NDPI_PROTOCOL_UNKNOWN;
}

NdpiVerdict NdpiClassifier::verdict(NdpiFlowState& flow) {
  ndpi_flow_struct* state = flow.get();
  ndpi_protocol protocol = state->detected_protocol_stack[0] != NDPI_PROTOCOL_UNKNOWN
                               ? ndpi_protocol{state->detected_protocol_stack[1],
                                               state->detected_protocol_stack[0], state->category}
                               : ndpi_protocol NDPI_PROTOCOL_NULL;
  NdpiVerdict verdict;
  if (is_unknown(protocol)) {
    std::uint8_t guessed = 0;
    protocol = ndpi_detection_giveup(module_, state, 1, &guessed);
    verdict.guessed = guessed != 0;
  }
  if (!is_unknown(protocol)) {
    std::array<char, kProtocolNameBytes> name{};
    ndpi_protocol2name(module_, protocol, name.data(), static_cast<u_int>(name.size()));
    verdict.protocol = name.data();
    verdict.category = ndpi_category_get_name(module_, protocol.category);
  }
  verdict.risks = risk_names(state->risk);
  return verdict;
}

}  // namespace iotscope
