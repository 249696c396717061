// At most N TCP and M other connections hold inspection state at once: the inspector sees a
// connection from its first payload on, places are given back when the inspector wants no more
// payload or at close, and connections turned away are counted.
#include "sources/pcap/inspection_gate.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace iotscope {
namespace {

// Hands out slots like ConnectionInspector (reusing closed ones) and records what reached it.
class RecordingHook final : public PayloadHook {
 public:
  std::uint32_t opened(const Connection&) override {
    ++opened_count;
    if (!free_.empty()) {
      const std::uint32_t slot = free_.back();
      free_.pop_back();
      return slot;
    }
    return next_++;
  }
  bool payload(std::uint32_t slot, const Connection&, bool, std::span<const std::uint8_t>,
               std::int64_t, const DecodedPacket&) override {
    payload_slots.push_back(slot);
    return payload_slots.size() != done_after_payload;
  }
  void closed(std::uint32_t slot, const Connection&) override {
    closed_slots.push_back(slot);
    free_.push_back(slot);
  }

  int opened_count = 0;
  std::size_t done_after_payload = 0;  // wants no more payload after the Nth payload call
  std::vector<std::uint32_t> payload_slots;
  std::vector<std::uint32_t> closed_slots;

 private:
  std::uint32_t next_ = 0;
  std::vector<std::uint32_t> free_;
};

class InspectionGateTest : public ::testing::Test {
 protected:
  bool send(std::uint32_t slot) { return gate.payload(slot, connection, true, bytes, 0, packet); }

  static Connection of(Transport transport) {
    Connection c;
    c.transport = transport;
    return c;
  }

  RecordingHook inner;
  InspectionGate gate{inner, 2, 2};
  Connection connection;
  const Connection tcp = of(Transport::tcp);
  const Connection udp = of(Transport::udp);
  DecodedPacket packet;
  std::array<std::uint8_t, 4> bytes{1, 2, 3, 4};
};

TEST_F(InspectionGateTest, ConnectionsWithoutPayloadNeverReachTheInspector) {
  std::vector<std::uint32_t> slots;
  slots.reserve(100);
  for (int i = 0; i < 100; ++i) slots.push_back(gate.opened(connection));
  EXPECT_EQ(inner.opened_count, 0);
  EXPECT_TRUE(send(slots[50]));
  EXPECT_TRUE(send(slots[99]));
  EXPECT_TRUE(send(slots[50]));
  EXPECT_EQ(inner.opened_count, 2);
  EXPECT_EQ(gate.inspected(), 2U);
  EXPECT_EQ(gate.turned_away(), 0U);
  EXPECT_EQ(inner.payload_slots, (std::vector<std::uint32_t>{0, 1, 0}));
  for (const std::uint32_t slot : slots) gate.closed(slot, connection);
  EXPECT_EQ(inner.closed_slots, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(gate.inspected(), 0U);
}

TEST_F(InspectionGateTest, PastTheCapConnectionsAreTurnedAwayAndCounted) {
  const std::uint32_t a = gate.opened(connection);
  const std::uint32_t b = gate.opened(connection);
  const std::uint32_t c = gate.opened(connection);
  EXPECT_TRUE(send(a));
  EXPECT_TRUE(send(b));
  EXPECT_FALSE(send(c));
  EXPECT_EQ(gate.turned_away(), 1U);
  EXPECT_EQ(gate.places(), 4U);  // two TCP, two other: the most let through at once
  // Admitted connections go on being inspected.
  EXPECT_TRUE(send(a));
  EXPECT_EQ(inner.payload_slots, (std::vector<std::uint32_t>{0, 1, 0}));
  // The one turned away never reached the inspector, so it does not close there either.
  gate.closed(c, connection);
  EXPECT_EQ(gate.inspected(), 2U);
  EXPECT_TRUE(inner.closed_slots.empty());
}

TEST_F(InspectionGateTest, ClosingGivesThePlaceBack) {
  const std::uint32_t a = gate.opened(connection);
  const std::uint32_t b = gate.opened(connection);
  EXPECT_TRUE(send(a));
  EXPECT_TRUE(send(b));
  gate.closed(a, connection);
  EXPECT_EQ(gate.inspected(), 1U);
  EXPECT_EQ(inner.closed_slots, (std::vector<std::uint32_t>{0}));
  // Our slot and the inspector's are reused; a new connection starts without a place.
  const std::uint32_t reused = gate.opened(connection);
  EXPECT_EQ(reused, a);
  const std::uint32_t d = gate.opened(connection);
  EXPECT_TRUE(send(d));
  EXPECT_FALSE(send(reused));
  EXPECT_EQ(gate.inspected(), 2U);
  EXPECT_EQ(gate.turned_away(), 1U);
  EXPECT_EQ(inner.payload_slots, (std::vector<std::uint32_t>{0, 1, 0}));
}

TEST_F(InspectionGateTest, TcpAndOtherConnectionsHaveTheirOwnPlaces) {
  InspectionGate tcp_one_udp_two{inner, 1, 2};
  const auto send_on = [&](std::uint32_t slot, const Connection& c) {
    return tcp_one_udp_two.payload(slot, c, true, bytes, 0, packet);
  };
  const std::uint32_t t1 = tcp_one_udp_two.opened(tcp);
  const std::uint32_t t2 = tcp_one_udp_two.opened(tcp);
  const std::uint32_t u1 = tcp_one_udp_two.opened(udp);
  const std::uint32_t u2 = tcp_one_udp_two.opened(udp);
  const std::uint32_t u3 = tcp_one_udp_two.opened(udp);
  EXPECT_TRUE(send_on(t1, tcp));
  EXPECT_FALSE(send_on(t2, tcp));
  EXPECT_TRUE(send_on(u1, udp));
  EXPECT_TRUE(send_on(u2, udp));
  EXPECT_FALSE(send_on(u3, udp));
  EXPECT_EQ(tcp_one_udp_two.turned_away(), 2U);
  // A UDP place given back does not make room for TCP.
  tcp_one_udp_two.closed(u1, udp);
  const std::uint32_t t3 = tcp_one_udp_two.opened(tcp);
  EXPECT_FALSE(send_on(t3, tcp));
  tcp_one_udp_two.closed(t1, tcp);
  const std::uint32_t t4 = tcp_one_udp_two.opened(tcp);
  EXPECT_TRUE(send_on(t4, tcp));
  EXPECT_EQ(tcp_one_udp_two.inspected(), 2U);
}

TEST_F(InspectionGateTest, AnInspectionThatIsDoneGivesItsPlaceBackBeforeClosing) {
  const std::uint32_t a = gate.opened(connection);
  const std::uint32_t b = gate.opened(connection);
  const std::uint32_t c = gate.opened(connection);
  EXPECT_TRUE(send(a));
  inner.done_after_payload = 2;
  EXPECT_FALSE(send(b));  // the inspector has all it wants of b
  EXPECT_EQ(gate.inspected(), 1U);
  EXPECT_TRUE(send(c));  // b's place went to c
  EXPECT_EQ(gate.turned_away(), 0U);
  EXPECT_EQ(gate.peak_inspected()[1], 2U);
  // b still closes at the inspector (which keeps what it concluded until then), once.
  gate.closed(b, connection);
  EXPECT_EQ(inner.closed_slots, (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(gate.inspected(), 2U);
  gate.closed(a, connection);
  gate.closed(c, connection);
  EXPECT_EQ(gate.inspected(), 0U);
}

TEST_F(InspectionGateTest, TurnedAwayConnectionsAreCountedByKind) {
  InspectionGate one_each{inner, 1, 1};
  for (const Connection* c : {&tcp, &tcp, &tcp, &udp, &udp}) {
    const std::uint32_t slot = one_each.opened(*c);
    (void)one_each.payload(slot, *c, true, bytes, 0, packet);
  }
  EXPECT_EQ(one_each.turned_away_by_kind(), (std::array<std::uint64_t, 2>{2, 1}));
  EXPECT_EQ(one_each.turned_away(), 3U);
}

}  // namespace
}  // namespace iotscope
