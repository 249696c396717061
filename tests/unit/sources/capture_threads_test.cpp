// The capture path gives the same conn.log rows, FlowRecords, devices and observations whatever
// the number of flow workers: on every real trace in tests/data, on all Zeek traces read as one
// capture, and on a synthetic home capture with thousands of connections over many sweep
// epochs, DNS answers that name later connections' servers, timeouts and unanswered SYNs.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "collecting_engine.hpp"
#include "conn_log_text.hpp"
#include "sources/pcap/capture_source.hpp"
#include "sources/zeek/zeek_conn_writer.hpp"
#include "test_text_files.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

// Everything read_captures hands on, as text in the order it was handed on.
struct CaptureText {
  std::string conn_log;
  std::vector<std::string> flows;
  std::vector<std::string> devices;
  std::vector<std::string> observations;
  std::uint64_t connections = 0;
};

std::string tls_text(const std::optional<TlsFacts>& tls) {
  if (!tls) return "-";
  return fmt::format("{}/{}/{}/{}", tls->version, tls->cipher, tls->cipher_grade,
                     tls->self_signed ? (*tls->self_signed ? "self" : "ca") : "?");
}

CaptureText read_with(const std::vector<std::string>& paths, unsigned threads) {
  CaptureOptions options;
  options.threads = threads;
  testing::CollectingAggregator aggregator;
  testing::ConnLogText conn_log;
  CaptureText text;
  const CaptureContents contents = read_captures(
      paths, options, aggregator, [&](const ZeekConn& row, const InspectionResult& result) {
        conn_log.writer.write(row);
        conn_log.log << result.hostname << ' ' << result.risks.size() << ' ' << result.facts.size()
                     << '\n';
      });
  conn_log.writer.close();
  text.conn_log = conn_log.log.str();
  for (const FlowRecord& f : aggregator.flows) {
    text.flows.push_back(fmt::format(
        "{} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {}", f.device.device, f.device_port,
        f.remote_ip.to_string(), f.remote_port, static_cast<int>(f.transport), f.first_ts,
        f.last_ts, f.bytes_out, f.bytes_in, f.packets_out, f.packets_in, static_cast<int>(f.state),
        f.app_protocol, static_cast<int>(f.app_how), tls_text(f.tls), f.remote_hostname));
  }
  for (const DeviceRecord& d : contents.devices) {
    text.devices.push_back(fmt::format("{} {} {} {} {}", d.key.device, d.mac, d.ip.to_string(),
                                       fmt::join(d.learnt_names, ","), d.is_gateway));
  }
  for (const Observation& o : contents.observations) {
    std::string fields;
    for (const auto& [name, value] : o.fields) fields += fmt::format("{}={};", name, value);
    text.observations.push_back(fmt::format("{} {} {} {} {} {}", o.device.device, o.ts, o.kind,
                                            o.peer.to_string(), o.port, fields));
  }
  text.connections = contents.connections;
  return text;
}

using testing::lines_of;

// Names the first difference (gtest's diff of long texts takes minutes).
void expect_same_lines(const std::vector<std::string>& got, const std::vector<std::string>& want,
                       const char* what) {
  const std::size_t n = std::min(got.size(), want.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (got[i] != want[i]) {
      ADD_FAILURE() << what << " differ first at line " << i << ":\n  got  " << got[i]
                    << "\n  want " << want[i];
      return;
    }
  }
  EXPECT_EQ(got.size(), want.size()) << what;
}

void expect_same_for_any_thread_count(const std::vector<std::string>& paths) {
  const CaptureText one = read_with(paths, 1);
  for (const unsigned threads : {2U, 3U}) {
    SCOPED_TRACE(fmt::format("{} with {} threads", fmt::join(paths, " "), threads));
    const CaptureText many = read_with(paths, threads);
    EXPECT_EQ(many.connections, one.connections);
    expect_same_lines(lines_of(many.conn_log), lines_of(one.conn_log), "conn.log rows");
    expect_same_lines(many.flows, one.flows, "flow records");
    expect_same_lines(many.devices, one.devices, "devices");
    expect_same_lines(many.observations, one.observations, "observations");
  }
}

TEST(CaptureThreads, EachRealTraceGivesTheSameOutput) {
  const auto traces = testing::real_traces();
  ASSERT_GE(traces.size(), 40U);
  for (const auto& trace : traces) expect_same_for_any_thread_count({trace});
}

TEST(CaptureThreads, ZeekTracesAsOneCaptureGiveTheSameOutput) {
  const auto traces = testing::traces_under(fs::path(IOTSCOPE_TEST_DATA) / "zeek-agreement");
  const CaptureText text = read_with(traces, 2);
  EXPECT_GT(text.connections, 50U);
  expect_same_for_any_thread_count(traces);
}

// A synthetic home: 60 devices, each resolving names and then talking to the answered servers
// over TCP (handshake, request, answer, FIN), some SYNs never answered, UDP to unknown ports;
// 40 minutes of capture, so UDP and attempt timers end connections in many sweep epochs.
class HomeCapture {
 public:
  std::string write(const fs::path& path) {
    std::string out;
    put32(out, 0xA1B2C3D4);
    put16(out, 2);
    put16(out, 4);
    put32(out, 0);
    put32(out, 0);
    put32(out, 65535);
    put32(out, 1);  // Ethernet
    std::uint64_t t_us = 1'700'000'000'000'000ULL;
    for (int round = 0; round < 400; ++round) {
      for (std::uint8_t device = 1; device <= 60; ++device) {
        t_us += 97 + (round * 31 + device * 7) % 300;
        const std::uint32_t server =
            0x22000000u + static_cast<std::uint32_t>((round * 13 + device * 5) % 700);
        const auto port = static_cast<std::uint16_t>(20000 + round * 61 + device);
        if ((round + device) % 5 == 0) {
          dns(out, t_us, device, port, server, round);
        } else if ((round + device) % 11 == 0) {
          tcp(out, t_us, device, port, server, 0x02, 0, 0, {});  // unanswered SYN
        } else if ((round + device) % 7 == 0) {
          udp(out, t_us, device, port, server, 9999, false, payload_of("ping"));
        } else {
          tcp_session(out, t_us, device, port, server);
        }
      }
      t_us += 6'000'000;  // 6 s between rounds: 40 minutes in all
    }
    std::ofstream(path, std::ios::binary) << out;
    return path.string();
  }

 private:
  static void put16(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
  }
  static void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
  }
  static void be16(std::vector<std::uint8_t>& out, std::uint32_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
  }
  static void be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    be16(out, v >> 16);
    be16(out, v & 0xFFFF);
  }
  static std::vector<std::uint8_t> payload_of(std::string_view text) {
    return {text.begin(), text.end()};
  }
  static std::uint32_t device_ip(std::uint8_t device) { return 0xC0A80100u + device; }

  // One Ethernet/IPv4 frame; `to_server` picks the direction.
  static void frame(std::string& out, std::uint64_t t_us, std::uint8_t device, std::uint32_t server,
                    bool to_server, std::uint8_t protocol,
                    const std::vector<std::uint8_t>& transport) {
    std::vector<std::uint8_t> f;
    const std::array<std::uint8_t, 6> device_mac{0x02, 0x11, 0x22, 0x33, 0x44, device};
    const std::array<std::uint8_t, 6> gateway_mac{0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0x01};
    const auto& dst = to_server ? gateway_mac : device_mac;
    const auto& src = to_server ? device_mac : gateway_mac;
    f.insert(f.end(), dst.begin(), dst.end());
    f.insert(f.end(), src.begin(), src.end());
    be16(f, 0x0800);
    be16(f, 0x4500);
    be16(f, static_cast<std::uint32_t>(20 + transport.size()));
    be32(f, 0);
    be16(f, (64u << 8) | protocol);
    be16(f, 0);
    be32(f, to_server ? device_ip(device) : server);
    be32(f, to_server ? server : device_ip(device));
    f.insert(f.end(), transport.begin(), transport.end());
    put32(out, static_cast<std::uint32_t>(t_us / 1'000'000));
    put32(out, static_cast<std::uint32_t>(t_us % 1'000'000));
    put32(out, static_cast<std::uint32_t>(f.size()));
    put32(out, static_cast<std::uint32_t>(f.size()));
    out.append(f.begin(), f.end());
  }

  static void tcp(std::string& out, std::uint64_t t_us, std::uint8_t device, std::uint16_t port,
                  std::uint32_t server, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
                  const std::vector<std::uint8_t>& data, bool to_server = true) {
    std::vector<std::uint8_t> t;
    be16(t, to_server ? port : 8080);
    be16(t, to_server ? 8080 : port);
    be32(t, seq);
    be32(t, ack);
    be16(t, (5u << 12) | flags);
    be16(t, 65535);
    be32(t, 0);
    t.insert(t.end(), data.begin(), data.end());
    frame(out, t_us, device, server, to_server, 6, t);
  }

  static void tcp_session(std::string& out, std::uint64_t& t_us, std::uint8_t device,
                          std::uint16_t port, std::uint32_t server) {
    const auto request = payload_of("GET /status HTTP/1.1\r\nHost: cloud.example\r\n\r\n");
    const auto answer = payload_of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    const std::uint32_t c = 1000;
    const std::uint32_t s = 5000;
    const auto q = static_cast<std::uint32_t>(request.size());
    const auto a = static_cast<std::uint32_t>(answer.size());
    tcp(out, t_us += 50, device, port, server, 0x02, c, 0, {});
    tcp(out, t_us += 50, device, port, server, 0x12, s, c + 1, {}, false);
    tcp(out, t_us += 50, device, port, server, 0x10, c + 1, s + 1, {});
    // Every third session talks unencrypted to a port nDPI and the parsers do not know.
    tcp(out, t_us += 50, device, port, server, 0x18, c + 1, s + 1,
        port % 3 == 0 ? payload_of("hello") : request);
    tcp(out, t_us += 50, device, port, server, 0x18, s + 1, c + 1 + q, answer, false);
    tcp(out, t_us += 50, device, port, server, 0x11, c + 1 + q, s + 1 + a, {});
    tcp(out, t_us += 50, device, port, server, 0x11, s + 1 + a, c + 2 + q, {}, false);
    tcp(out, t_us += 50, device, port, server, 0x10, c + 2 + q, s + 2 + a, {});
  }

  static void udp(std::string& out, std::uint64_t t_us, std::uint8_t device, std::uint16_t port,
                  std::uint32_t server, std::uint16_t server_port, bool to_device,
                  const std::vector<std::uint8_t>& data) {
    std::vector<std::uint8_t> u;
    be16(u, to_device ? server_port : port);
    be16(u, to_device ? port : server_port);
    be16(u, static_cast<std::uint32_t>(8 + data.size()));
    be16(u, 0);
    u.insert(u.end(), data.begin(), data.end());
    frame(out, t_us, device, server, !to_device, 17, u);
  }

  // A query for a name of the server and its answer (from the home's resolver).
  static void dns(std::string& out, std::uint64_t& t_us, std::uint8_t device, std::uint16_t port,
                  std::uint32_t server, int round) {
    std::vector<std::uint8_t> question;
    const std::string label = fmt::format("host{}", server & 0xFFF);
    question.push_back(static_cast<std::uint8_t>(label.size()));
    question.insert(question.end(), label.begin(), label.end());
    for (const std::string_view part : {"example", "com"}) {
      question.push_back(static_cast<std::uint8_t>(part.size()));
      question.insert(question.end(), part.begin(), part.end());
    }
    question.push_back(0);
    be16(question, 1);  // A
    be16(question, 1);  // IN
    const auto id = static_cast<std::uint16_t>(round * 64 + device);
    std::vector<std::uint8_t> query;
    be16(query, id);
    be16(query, 0x0100);
    be16(query, 1);
    be16(query, 0);
    be32(query, 0);
    query.insert(query.end(), question.begin(), question.end());
    std::vector<std::uint8_t> answer;
    be16(answer, id);
    be16(answer, 0x8180);
    be16(answer, 1);
    be16(answer, 1);
    be32(answer, 0);
    answer.insert(answer.end(), question.begin(), question.end());
    be16(answer, 0xC00C);
    be16(answer, 1);
    be16(answer, 1);
    be32(answer, 300);
    be16(answer, 4);
    be32(answer, server);
    const std::uint32_t resolver = 0xC0A80101u;
    udp(out, t_us += 30, device, port, resolver, 53, false, query);
    udp(out, t_us += 900, device, port, resolver, 53, true, answer);
  }
};

TEST(CaptureThreads, SyntheticHomeGivesTheSameOutput) {
  const fs::path path = fs::temp_directory_path() / "iotscope-capture-threads-home.pcap";
  HomeCapture home;
  const std::string file = home.write(path);
  const CaptureText text = read_with({file}, 2);
  EXPECT_EQ(text.connections, 24'000U);  // 400 rounds of 60 devices, one connection each
  // Later connections to answered servers carry the names the DNS answers gave.
  const auto named = std::count_if(text.flows.begin(), text.flows.end(), [](const auto& line) {
    return line.find(".example.com") != std::string::npos;
  });
  EXPECT_GT(named, 1000);
  expect_same_for_any_thread_count({file});
  fs::remove(path);
}

}  // namespace
}  // namespace iotscope
