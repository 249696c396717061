#pragma once
// How payload inspection sees the first bytes of each connection. The flow table calls opened()
// once per connection, payload() with in-order bytes per direction until the hook returns false,
// and closed() once when the connection leaves the table (before the sink sees it).
#include <cstdint>
#include <functional>
#include <limits>
#include <span>

#include "flows/connection.hpp"

namespace iotscope {

class PayloadHook {
 public:
  static constexpr std::uint32_t kNoInspection = std::numeric_limits<std::uint32_t>::max();

  virtual ~PayloadHook();
  // Returns a slot id the hook uses to find its state, or kNoInspection for no payload calls.
  virtual std::uint32_t opened(const Connection& connection) = 0;
  // TCP: only in-order bytes (retransmissions dropped, overlaps trimmed). UDP/ICMP: each
  // datagram's captured payload. `packet` is the packet the bytes came in. Return false when no
  // more payload is wanted.
  virtual bool payload(std::uint32_t slot, const Connection& connection, bool from_originator,
                       std::span<const std::uint8_t> bytes, std::int64_t ts_ns,
                       const DecodedPacket& packet) = 0;
  // Called for every connection whose opened() returned a slot.
  virtual void closed(std::uint32_t slot, const Connection& connection) = 0;
  // A hint that payload() for this slot comes soon: starts loading the state it will read, so
  // the table can overlap those cache misses with the packets before it. Changes nothing.
  virtual void prefetch(std::uint32_t slot) const { (void)slot; }
};

// Receives every connection the table lets go of, with its final state.
using ConnectionSink = std::function<void(const Connection&)>;

}  // namespace iotscope
