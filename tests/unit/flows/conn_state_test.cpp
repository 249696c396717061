// One hand-made packet sequence per Zeek conn_state, with the exact history Zeek writes.
#include <gtest/gtest.h>

#include "flow_test_support.hpp"

namespace iotscope::flows_test {
namespace {

void expect_tuple_as_sent_by_client(const Connection& c) {
  EXPECT_EQ(c.orig.ip.to_string(), kClient);
  EXPECT_EQ(c.orig.port, kClientPort);
  EXPECT_EQ(c.resp.ip.to_string(), kServer);
  EXPECT_EQ(c.resp.port, kServerPort);
  EXPECT_EQ(c.transport, Transport::tcp);
}

TEST(ZeekConnState, SynOnlyIsS0) {
  Recorder r;
  r << c2s(0.0, S, 1000, 0);
  const Connection& c = r.only();
  expect_tuple_as_sent_by_client(c);
  EXPECT_EQ(c.state, ZeekConnState::S0);
  EXPECT_EQ(conn_state_name(c.state), "S0");
  EXPECT_EQ(c.history.view(), "S");
  EXPECT_EQ(c.orig_pkts, 1u);
  EXPECT_EQ(c.resp_pkts, 0u);
  EXPECT_EQ(c.orig_ip_bytes, 40u);
  EXPECT_FALSE(c.has_duration());
}

TEST(ZeekConnState, FullExchangeIsSF) {
  Recorder r;
  handshake(r);
  r << c2s(0.3, PA, 1001, 5001, 136) << s2c(0.4, A, 5001, 1137) << s2c(0.5, PA, 5001, 1137, 1448)
    << c2s(0.6, A, 1137, 6449) << c2s(0.7, FA, 1137, 6449) << s2c(0.8, FA, 6449, 1138)
    << c2s(0.9, A, 1138, 6450);
  const Connection& c = r.only();
  expect_tuple_as_sent_by_client(c);
  EXPECT_EQ(c.state, ZeekConnState::SF);
  EXPECT_EQ(c.history.view(), "ShADadFf");
  EXPECT_EQ(c.orig_bytes, 136u);
  EXPECT_EQ(c.resp_bytes, 1448u);
  EXPECT_EQ(c.orig_pkts, 6u);
  EXPECT_EQ(c.resp_pkts, 4u);
  EXPECT_EQ(c.orig_payload_pkts, 1u);
  EXPECT_EQ(c.resp_payload_pkts, 1u);
  EXPECT_EQ(c.missed_bytes, 0u);
  // The last ACK after both FINs does not stretch the duration.
  EXPECT_EQ(c.duration_ns(), at(0.8));
}

TEST(ZeekConnState, RstAnswerIsREJ) {
  Recorder r;
  r << c2s(0.0, S, 1000, 0) << s2c(0.05, RA, 0, 1001);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::REJ);
  EXPECT_EQ(c.history.view(), "Sr");
  EXPECT_EQ(c.orig_bytes, 0u);
  EXPECT_EQ(c.resp_bytes, 0u);
}

TEST(ZeekConnState, EstablishedOpenIsS1) {
  Recorder r;
  handshake(r);
  r << c2s(0.3, PA, 1001, 5001, 10);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::S1);
  EXPECT_EQ(c.history.view(), "ShAD");
  EXPECT_EQ(c.orig_bytes, 10u);
}

TEST(ZeekConnState, OriginatorCloseUnansweredIsS2) {
  Recorder r;
  handshake(r);
  r << c2s(0.3, FA, 1001, 5001);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::S2);
  EXPECT_EQ(c.history.view(), "ShAF");
}

TEST(ZeekConnState, ResponderCloseUnansweredIsS3) {
  Recorder r;
  handshake(r);
  r << s2c(0.3, FA, 5001, 1001);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::S3);
  EXPECT_EQ(c.history.view(), "ShAf");
}

TEST(ZeekConnState, OriginatorAbortIsRSTO) {
  Recorder r;
  handshake(r);
  r << c2s(0.3, PA, 1001, 5001, 20) << c2s(0.4, RA, 1021, 5001);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::RSTO);
  EXPECT_EQ(c.history.view(), "ShADR");
  EXPECT_EQ(c.orig_bytes, 20u);
}

TEST(ZeekConnState, ResponderAbortIsRSTR) {
  Recorder r;
  handshake(r);
  r << s2c(0.3, RA, 5001, 1001);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::RSTR);
  EXPECT_EQ(c.history.view(), "ShAr");
}

TEST(ZeekConnState, SynThenOwnRstIsRSTOS0) {
  Recorder r;
  r << c2s(0.0, S, 1000, 0) << c2s(0.5, R, 1001, 0);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::RSTOS0);
  EXPECT_EQ(c.history.view(), "SR");
}

TEST(ZeekConnState, SynAckThenRstWithoutSynIsRSTRH) {
  Recorder r;
  // The server's port is a likely server port, so its SYN-ACK makes it the responder.
  r << s2c(0.0, SA, 5000, 1001) << s2c(0.1, R, 5001, 0);
  const Connection& c = r.only();
  expect_tuple_as_sent_by_client(c);
  EXPECT_EQ(c.state, ZeekConnState::RSTRH);
  EXPECT_EQ(c.history.view(), "^hr");
  EXPECT_EQ(c.orig_pkts, 0u);
  EXPECT_EQ(c.resp_pkts, 2u);
}

TEST(ZeekConnState, SynThenFinIsSH) {
  Recorder r;
  r << c2s(0.0, S, 1000, 0) << c2s(0.1, F, 1001, 0);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::SH);
  EXPECT_EQ(c.history.view(), "SF");
}

TEST(ZeekConnState, SynAckThenFinWithoutSynIsSHR) {
  Recorder r;
  r << s2c(0.0, SA, 5000, 1001) << s2c(0.1, FA, 5001, 1001);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::SHR);
  EXPECT_EQ(c.history.view(), "^hf");
}

TEST(ZeekConnState, MidstreamBetweenHighPortsIsOTH) {
  Recorder r;
  r << tcp(at(0.0), "10.0.0.1", 50000, "10.0.0.2", 50001, PA, 7000, 9000, 100)
    << tcp(at(0.1), "10.0.0.2", 50001, "10.0.0.1", 50000, PA, 9000, 7100, 50);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::OTH);
  EXPECT_EQ(c.history.view(), "Dd");
  EXPECT_EQ(c.orig.port, 50000);
  EXPECT_EQ(c.orig_bytes, 100u);
  EXPECT_EQ(c.resp_bytes, 50u);
}

TEST(ZeekConnState, LoneRstIsOTH) {
  Recorder r;
  r << c2s(0.0, RA, 1000, 5000);
  const Connection& c = r.only();
  EXPECT_EQ(c.state, ZeekConnState::OTH);
  EXPECT_EQ(c.history.view(), "R");
}

TEST(ZeekConnState, UdpStatesFollowWhichSidesSent) {
  Recorder r;
  r << udp(at(0.0), "10.0.0.1", 5000, "10.0.0.2", 53, 30)
    << udp(at(0.1), "10.0.0.2", 53, "10.0.0.1", 5000, 90)
    << udp(at(0.0), "10.0.0.1", 5001, "10.0.0.9", 53, 30);
  r.table.flush_all();
  ASSERT_EQ(r.connections.size(), 2u);
  for (const Connection& c : r.connections) {
    if (c.orig.port == 5000) {
      EXPECT_EQ(c.state, ZeekConnState::SF);
      EXPECT_EQ(c.history.view(), "Dd");
      EXPECT_EQ(c.orig_bytes, 30u);
      EXPECT_EQ(c.resp_bytes, 90u);
      EXPECT_EQ(c.resp_ip_bytes, 118u);
    } else {
      EXPECT_EQ(c.state, ZeekConnState::S0);
      EXPECT_EQ(c.history.view(), "D");
    }
  }
}

TEST(ZeekConnState, UdpReplyFromServerPortIsFlippedSHR) {
  Recorder r;
  r << udp(at(0.0), "10.0.0.2", 53, "10.0.0.1", 5000, 90);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig.ip.to_string(), "10.0.0.1");
  EXPECT_EQ(c.orig.port, 5000);
  EXPECT_EQ(c.state, ZeekConnState::SHR);
  EXPECT_EQ(c.history.view(), "^d");
  EXPECT_EQ(c.resp_pkts, 1u);
}

TEST(ZeekConnState, NamesAreZeekSpellings) {
  EXPECT_EQ(conn_state_name(ZeekConnState::RSTOS0), "RSTOS0");
  EXPECT_EQ(conn_state_name(ZeekConnState::SHR), "SHR");
  EXPECT_EQ(conn_state_name(ZeekConnState::OTH), "OTH");
  EXPECT_EQ(transport_name(Transport::icmp), "icmp");
}

TEST(ZeekConnState, NamesReadBack) {
  for (std::uint8_t i = 0; i <= static_cast<std::uint8_t>(ZeekConnState::OTH); ++i) {
    const auto state = static_cast<ZeekConnState>(i);
    EXPECT_EQ(conn_state_from_name(conn_state_name(state)), state) << conn_state_name(state);
  }
  EXPECT_FALSE(conn_state_from_name("sf").has_value());
  EXPECT_FALSE(conn_state_from_name("").has_value());
  EXPECT_FALSE(conn_state_from_name("S").has_value());
}

// The memory cap's budgets keep room for answered connections; this is what counts as one.
TEST(ZeekConnState, AnsweredOnlyWhenBothSidesTookPart) {
  Recorder r;
  r << udp(at(0.0), "10.0.0.1", 5000, "10.0.0.2", 53, 30)
    << udp(at(0.1), "10.0.0.2", 53, "10.0.0.1", 5000, 90)
    << udp(at(0.0), "10.0.0.1", 5001, "10.0.0.9", 53, 30)
    << udp(at(0.0), "10.0.0.2", 53, "10.0.0.1", 5002, 90)
    << icmp(at(0.0), "10.0.0.1", "10.0.0.2", 8, 0, 56)
    << icmp(at(0.1), "10.0.0.2", "10.0.0.1", 0, 0, 56) << c2s(0.0, S, 1000, 0)
    << s2c(0.05, RA, 0, 1001);
  r.table.flush_all();
  ASSERT_EQ(r.connections.size(), 5u);
  for (const Connection& c : r.connections) {
    const ConnState outcome = outcome_of(c.state);
    switch (c.state) {
      case ZeekConnState::SF:
        EXPECT_EQ(outcome, ConnState::established);
        EXPECT_TRUE(answered(outcome));
        break;
      case ZeekConnState::S0:
        EXPECT_EQ(outcome, ConnState::no_reply);
        EXPECT_FALSE(answered(outcome));
        break;
      case ZeekConnState::REJ:
        EXPECT_EQ(outcome, ConnState::rejected);
        EXPECT_FALSE(answered(outcome));
        break;
      default:  // the lone reply (SHR) and ICMP (always OTH): one side or the start is missing
        EXPECT_TRUE(c.state == ZeekConnState::SHR || c.state == ZeekConnState::OTH)
            << conn_state_name(c.state);
        EXPECT_EQ(outcome, ConnState::partial);
        EXPECT_FALSE(answered(outcome));
    }
  }
  for (const auto state : {ZeekConnState::S1, ZeekConnState::S2, ZeekConnState::S3,
                           ZeekConnState::RSTO, ZeekConnState::RSTR})
    EXPECT_TRUE(answered(outcome_of(state))) << conn_state_name(state);
  for (const auto state : {ZeekConnState::SH, ZeekConnState::RSTOS0, ZeekConnState::RSTRH})
    EXPECT_FALSE(answered(outcome_of(state))) << conn_state_name(state);
}

}  // namespace
}  // namespace iotscope::flows_test
