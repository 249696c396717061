#include "probe/syn_scanner.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "scanner_test_support.hpp"

namespace iotscope {
namespace {

using probe_test::ip;
using probe_test::quick_settings;

TEST(SynScanner, FindsOpenAndClosedIpv4LoopbackPorts) {
  if (!syn_scan_available()) GTEST_SKIP() << "needs root or CAP_NET_RAW";
  probe_test::expect_open_and_closed<SynScanner>("127.0.0.1", "reset");
}

TEST(SynScanner, FindsOpenAndClosedIpv6LoopbackPorts) {
  if (!syn_scan_available()) GTEST_SKIP() << "needs root or CAP_NET_RAW";
  probe_test::expect_open_and_closed<SynScanner>("::1", "reset");
}

TEST(SynScanner, RefusesAnAddressOutsideTheTargets) {
  const SynScanner scanner(TargetSet::parse("127.0.0.1", false), quick_settings());
  EXPECT_THROW(scanner.scan({ip("127.0.0.9")}, {{80, Transport::tcp}}), std::invalid_argument);
}

TEST(SynScanner, DroppedSynsAreFilteredAfterRetries) {
  if (!syn_scan_available()) GTEST_SKIP() << "needs root or CAP_NET_RAW";
  probe_test::expect_dropped_and_unroutable<SynScanner>("iots-scan-syndrop");
}

}  // namespace
}  // namespace iotscope
