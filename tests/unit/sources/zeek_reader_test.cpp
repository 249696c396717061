#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sources/zeek/zeek_log_reader.hpp"
#include "test_text_files.hpp"

namespace iotscope {
namespace {

using testing::kZeekData;
const std::string kBaselines = kZeekData + "baselines/";

std::string issues_text(const InputReport& report) {
  std::string out;
  for (const auto& issue : report.issues) out += issue.to_string() + "\n";
  return out;
}

TEST(ZeekReader, Tls12SslLogHasVersionCipherAndNoSni) {
  const auto log =
      read_zeek_ssl_log(kBaselines + "tls1.2/scripts.base.protocols.ssl.tls-1.2/ssl.log");
  EXPECT_EQ(log.result.report.skipped, 0u) << issues_text(log.result.report);
  EXPECT_EQ(log.result.report.format, "zeek-ssl/tsv");
  ASSERT_EQ(log.rows.size(), 1u);
  const ZeekSsl& row = log.rows[0];
  EXPECT_EQ(row.uid, "CHhAvVGS1DHFjwGM9");
  EXPECT_EQ(row.orig_h.to_string(), "10.0.0.80");
  EXPECT_EQ(row.orig_p, 56637);
  EXPECT_EQ(row.resp_h.to_string(), "68.233.76.12");
  EXPECT_EQ(row.resp_p, 443);
  EXPECT_EQ(row.version, "TLSv12");
  EXPECT_EQ(row.cipher, "TLS_RSA_WITH_RC4_128_MD5");
  EXPECT_FALSE(row.curve.has_value());
  EXPECT_FALSE(row.server_name.has_value());
  EXPECT_EQ(row.resumed, false);
  EXPECT_EQ(row.established, true);
  EXPECT_EQ(row.ssl_history, "CsxnGIi");
  ASSERT_TRUE(row.cert_chain_fps.has_value());
  ASSERT_EQ(row.cert_chain_fps->size(), 3u);
  EXPECT_EQ((*row.cert_chain_fps)[1],
            "7363593d116aafcf804b974465546e1f02ed74b52db529ba7520345e5fed1ed4");
  ASSERT_TRUE(row.client_cert_chain_fps.has_value());  // "(empty)" is set but empty
  EXPECT_TRUE(row.client_cert_chain_fps->empty());
  EXPECT_FALSE(row.sni_matches_cert.has_value());
  EXPECT_FALSE(row.ts.has_value());  // btest masked it
  EXPECT_EQ(log.result.masked_times, 1u);
}

TEST(ZeekReader, SslWithSniAndValidationStatus) {
  const auto ext = read_zeek_ssl_log(
      kBaselines + "tls-conn-with-extensions/scripts.base.protocols.ssl.basic/ssl.log");
  ASSERT_EQ(ext.rows.size(), 1u);
  EXPECT_EQ(ext.rows[0].server_name, "ssl.gstatic.com");
  EXPECT_EQ(ext.rows[0].version, "TLSv10");
  EXPECT_EQ(ext.rows[0].cipher, "TLS_ECDHE_RSA_WITH_RC4_128_SHA");
  EXPECT_EQ(ext.rows[0].curve, "secp256r1");
  EXPECT_EQ(ext.rows[0].sni_matches_cert, true);

  const auto validated = read_zeek_ssl_log(
      kBaselines +
      "missing-intermediate/scripts.policy.protocols.ssl.validate-certs-no-cache/ssl.log");
  ASSERT_EQ(validated.rows.size(), 3u);
  EXPECT_EQ(validated.rows[0].validation_status, "unable to get local issuer certificate");
  EXPECT_EQ(validated.rows[1].validation_status, "ok");
  EXPECT_EQ(validated.rows[1].version, "TLSv12");
}

TEST(ZeekReader, TeredoConnLogValues) {
  const auto log = read_zeek_conn_log(kBaselines + "Teredo/core.tunnels.teredo/conn.log");
  EXPECT_EQ(log.result.report.skipped, 0u) << issues_text(log.result.report);
  EXPECT_EQ(log.result.report.format, "zeek-conn/tsv");
  ASSERT_EQ(log.rows.size(), 21u);
  const ZeekConn& first = log.rows[0];
  EXPECT_EQ(first.uid, "ClEkJM2Vm5giqnMf4h");
  EXPECT_EQ(first.orig_h.to_string(), "192.168.2.16");
  EXPECT_EQ(first.orig_p, 1576);
  EXPECT_EQ(first.resp_p, 80);
  EXPECT_EQ(first.proto, "tcp");
  EXPECT_FALSE(first.service.has_value());
  EXPECT_DOUBLE_EQ(first.duration.value(), 0.000357);
  EXPECT_EQ(first.conn_state, "SHR");
  EXPECT_EQ(first.local_orig, true);
  EXPECT_EQ(first.local_resp, false);
  EXPECT_EQ(first.history, "^fA");
  EXPECT_EQ(first.orig_ip_bytes, 40u);
  EXPECT_FALSE(first.tunnel_parents.has_value());
  EXPECT_EQ(first.ip_proto, 6u);

  const ZeekConn& unset = log.rows[3];  // OTH with no duration or byte counts
  EXPECT_FALSE(unset.duration.has_value());
  EXPECT_FALSE(unset.orig_bytes.has_value());
  EXPECT_EQ(unset.missed_bytes, 0u);

  const ZeekConn& icmp6 = log.rows[17];
  EXPECT_EQ(icmp6.orig_h.to_string(), "2001:0:4137:9e50:8000:f12a:b9c8:2815");
  EXPECT_EQ(icmp6.proto, "icmp");
  ASSERT_TRUE(icmp6.tunnel_parents.has_value());
  EXPECT_EQ(*icmp6.tunnel_parents,
            (std::vector<std::string>{"Ck51lg1bScffFj34Ri", "CtPZjS20MLrsMUOJi2"}));
  EXPECT_EQ(icmp6.ip_proto, 58u);
}

TEST(ZeekReader, ExtraColumnsAreKeptByName) {
  const auto log =
      read_zeek_conn_log(kBaselines + "q-in-q/scripts.policy.protocols.conn.vlan-logging/conn.log");
  ASSERT_FALSE(log.rows.empty());
  const auto& extra = log.rows.back().extra;
  ASSERT_EQ(extra.size(), 2u);
  EXPECT_EQ(extra[0], (ZeekExtraField{"vlan", "int", "13"}));
  EXPECT_EQ(extra[1], (ZeekExtraField{"inner_vlan", "int", "10"}));
}

TEST(ZeekReader, MacLoggingColumns) {
  const auto log = read_zeek_conn_log(kZeekData + "home/conn.log");
  ASSERT_EQ(log.rows.size(), 7u);
  EXPECT_EQ(log.rows[0].orig_l2_addr, "00:11:22:33:44:55");
  EXPECT_EQ(log.rows[0].resp_l2_addr, "00:00:5e:00:53:01");
  EXPECT_DOUBLE_EQ(log.rows[0].ts.value(), 1700000000.123456);
  EXPECT_TRUE(log.rows[0].extra.empty());
}

TEST(ZeekReader, ZeekCutOutputWithoutHeaderBlock) {
  const auto log = read_zeek_conn_log(
      kBaselines +
      "portmapper-many-unanswered-calls/scripts.base.protocols.rpc.max-pending-calls/"
      "conn.log");
  EXPECT_EQ(log.result.syntax, ZeekSyntax::zeek_cut);
  EXPECT_EQ(log.result.report.skipped, 0u) << issues_text(log.result.report);
  ASSERT_EQ(log.rows.size(), 1u);
  EXPECT_EQ(log.rows[0].uid, "CHhAvVGS1DHFjwGM9");
  EXPECT_FALSE(log.rows[0].service.has_value());
  EXPECT_EQ(log.rows[0].history, "ShADFf");
  EXPECT_DOUBLE_EQ(log.rows[0].duration.value(), 1.879998);
  EXPECT_EQ(log.rows[0].orig_pkts, 187u);
  EXPECT_TRUE(log.rows[0].orig_h.is_unset());
}

TEST(ZeekReader, JsonConnLogMatchesTsv) {
  const auto tsv = read_zeek_conn_log(kBaselines + "Teredo/core.tunnels.teredo/conn.log");
  const auto json = read_zeek_conn_log(kZeekData + "json/conn.log");
  EXPECT_EQ(json.result.syntax, ZeekSyntax::json);
  EXPECT_EQ(json.result.report.format, "zeek-conn/json");
  EXPECT_EQ(json.result.report.skipped, 0u) << issues_text(json.result.report);
  ASSERT_EQ(json.rows.size(), tsv.rows.size());
  EXPECT_DOUBLE_EQ(json.rows[0].ts.value(), 1300475167.5);
  EXPECT_DOUBLE_EQ(json.rows[2].ts.value(), 1300475168.0);
  for (std::size_t i = 0; i < tsv.rows.size(); ++i) {
    ZeekConn expected = tsv.rows[i];
    expected.ts = json.rows[i].ts;  // the JSON fixture replaced btest's masked times
    EXPECT_EQ(json.rows[i], expected) << "row " << i;
  }
}

TEST(ZeekReader, JsonSslWithIsoTimes) {
  ZeekSslLog log = read_zeek_ssl_log(kZeekData + "json/ssl.log");
  EXPECT_EQ(log.result.report.skipped, 0u) << issues_text(log.result.report);
  ASSERT_EQ(log.rows.size(), 3u);
  EXPECT_DOUBLE_EQ(log.rows[0].ts.value(), 1400000000.125);
  EXPECT_DOUBLE_EQ(log.rows[1].ts.value(), 1400000000.375);
  EXPECT_EQ(log.rows[1].cipher, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  EXPECT_EQ(log.rows[1].cert_chain_fps->size(), 3u);
  EXPECT_TRUE(log.rows[1].client_cert_chain_fps->empty());
  EXPECT_EQ(log.rows[1].validation_status, "ok");
}

TEST(ZeekReader, KindComesFromContentNotName) {
  ZeekLogSink sink;
  int conns = 0;
  int ssls = 0;
  sink.on_conn = [&](ZeekConn&&) { ++conns; };
  sink.on_ssl = [&](ZeekSsl&&) { ++ssls; };
  const auto by_path = read_zeek_log_file(kZeekData + "home/ssl.log", sink);
  EXPECT_EQ(by_path.kind, ZeekLogKind::ssl);
  const auto json = read_zeek_log_file(kZeekData + "json/conn.log", sink);  // keys say conn
  EXPECT_EQ(json.kind, ZeekLogKind::conn);
  EXPECT_EQ(ssls, 1);
  EXPECT_EQ(conns, 21);
  const auto cut = read_zeek_log_text("uid\tversion\tcipher\nC1\tTLSv13\tTLS_AES_128_GCM_SHA256\n",
                                      "stdin", sink);
  EXPECT_EQ(cut.kind, ZeekLogKind::ssl);
  EXPECT_EQ(ssls, 2);
}

TEST(ZeekReader, AnyColumnOrder) {
  const std::string text =
      "#separator \\x09\n#fields\tconn_state\tid.resp_p\tuid\tid.orig_h\tfoo\n"
      "#types\tstring\tport\tstring\taddr\tcount\n"
      "SF\t443\tCabc\t10.1.2.3\t7\n";
  std::vector<ZeekConn> rows;
  ZeekLogSink sink;
  sink.on_conn = [&](ZeekConn&& row) { rows.push_back(std::move(row)); };
  const auto result = read_zeek_log_text(text, "reordered.log", sink);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].conn_state, "SF");
  EXPECT_EQ(rows[0].resp_p, 443);
  EXPECT_EQ(rows[0].uid, "Cabc");
  EXPECT_EQ(rows[0].orig_h.to_string(), "10.1.2.3");
  EXPECT_EQ(rows[0].extra, (std::vector<ZeekExtraField>{{"foo", "count", "7"}}));
  EXPECT_EQ(result.report.records, 1u);
}

TEST(ZeekReader, EscapedStringsAreDecoded) {
  const std::string text =
      "#separator \\x09\n#set_separator\t,\n#path\tssl\n"
      "#fields\tuid\tserver_name\tcert_chain_fps\n#types\tstring\tstring\tvector[string]\n"
      "C1\ta\\x09b\\x5cc\ta\\x2cb,c\n"
      "C2\t\\x2d\t(empty)\n";
  std::vector<ZeekSsl> rows;
  ZeekLogSink sink;
  sink.on_ssl = [&](ZeekSsl&& row) { rows.push_back(std::move(row)); };
  read_zeek_log_text(text, "escapes", sink);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].server_name, "a\tb\\c");
  EXPECT_EQ(*rows[0].cert_chain_fps, (std::vector<std::string>{"a,b", "c"}));
  EXPECT_EQ(rows[1].server_name, "-");  // an escaped dash is text, not unset
}

TEST(ZeekReader, CompressedLogsReadLikePlainOnes) {
  const auto plain = read_zeek_conn_log(kZeekData + "home/conn.log");
  const auto gzip = read_zeek_conn_log(kZeekData + "home-compressed/conn.log.gz");
  EXPECT_EQ(gzip.result.report.format, "zeek-conn/tsv+gzip");
  EXPECT_EQ(gzip.rows, plain.rows);
  const auto zstd = read_zeek_ssl_log(kZeekData + "home-compressed/ssl.log.zst");
  EXPECT_EQ(zstd.result.report.format, "zeek-ssl/tsv+zstd");
  ASSERT_EQ(zstd.rows.size(), 1u);
  EXPECT_EQ(zstd.rows[0].server_name, "cloud.example.com");
}

// Every conn.log and ssl.log of Zeek's own test baselines reads without a single issue.
TEST(ZeekReader, AllZeekBaselinesParse) {
  int files = 0;
  std::uint64_t rows = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kBaselines)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (name != "conn.log" && name != "ssl.log") continue;
    ++files;
    ZeekLogSink sink;
    const auto result = read_zeek_log_file(entry.path().string(), sink);
    EXPECT_TRUE(result.report.issues.empty()) << entry.path() << "\n" << issues_text(result.report);
    EXPECT_EQ(result.report.skipped, 0u) << entry.path();
    EXPECT_GT(result.report.records, 0u) << entry.path();
    EXPECT_EQ(result.kind, name == "conn.log" ? ZeekLogKind::conn : ZeekLogKind::ssl)
        << entry.path();
    rows += result.report.records;
  }
  EXPECT_EQ(files, 37);  // all of /work/shared/zeek-traces
  EXPECT_GT(rows, 100u);
}

}  // namespace
}  // namespace iotscope
