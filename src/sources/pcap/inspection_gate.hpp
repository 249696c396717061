#pragma once
// Payload inspection with caps on how many connections hold inspection state at once, one for
// TCP (stream buffers of up to 20 KiB each) and one for the rest (a datagram's worth). The
// inspector sees a connection only from its first payload bytes on (its slot, buffers and nDPI
// flow are made then), so a SYN flood, which sends none, costs no inspection state at all; the
// connection keeps its place until the inspector wants no more of its payload (it then keeps
// only what it concluded) or it closes. One whose first payload finds every place taken is not
// inspected, and is counted. Sits between a flow table and its ConnectionInspector; what
// the inspector learns is the same, as it learns nothing from connections without payload.
#include <array>
#include <cstdint>
#include <vector>

#include "flows/payload_hook.hpp"

namespace iotscope {

class InspectionGate final : public PayloadHook {
 public:
  InspectionGate(PayloadHook& inner, std::uint32_t max_tcp, std::uint32_t max_other);

  std::uint32_t opened(const Connection& connection) override;
  bool payload(std::uint32_t slot, const Connection& connection, bool from_originator,
               std::span<const std::uint8_t> bytes, std::int64_t ts_ns,
               const DecodedPacket& packet) override;
  void closed(std::uint32_t slot, const Connection& connection) override;
  void prefetch(std::uint32_t slot) const override;

  // Places taken now, and the most taken at once, for TCP and for the rest.
  std::uint32_t inspected() const { return inspected_[0] + inspected_[1]; }
  // Places there are, TCP and the rest together: the most connections it lets through at once.
  std::uint64_t places() const {
    return std::uint64_t{max_inspected_[0]} + std::uint64_t{max_inspected_[1]};
  }
  const std::array<std::uint32_t, 2>& peak_inspected() const { return peak_inspected_; }
  // Connections not inspected for want of a place: all, and TCP and the rest.
  std::uint64_t turned_away() const { return turned_away_[0] + turned_away_[1]; }
  const std::array<std::uint64_t, 2>& turned_away_by_kind() const { return turned_away_; }

 private:
  enum class Place : std::uint8_t { none, tcp, other };
  void release(std::uint32_t slot);

  PayloadHook& inner_;
  std::array<std::uint32_t, 2> max_inspected_;  // TCP, other
  std::array<std::uint32_t, 2> inspected_{};
  std::array<std::uint32_t, 2> peak_inspected_{};
  std::array<std::uint64_t, 2> turned_away_{};
  std::vector<std::uint32_t> inner_slots_;  // by our slot: the inner hook's, or kNoInspection
  std::vector<Place> places_;               // by our slot: the place it holds
  std::vector<std::uint32_t> free_;         // our slots of closed connections
};

}  // namespace iotscope
