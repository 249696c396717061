// hostile_pcap: writes captures made to exhaust a capture reader's memory or time, with libpcap's
// own writer (Ethernet, microsecond timestamps). Addresses are bytes in a file: nothing is sent.
//
//   hostile_pcap syn-flood OUT.pcap [CONNECTIONS]   (default 2,000,000 half-open connections)
//     A local scanner (192.168.1.66) SYNs random ports of every home address and of random
//     Internet addresses, interleaved with SYNs to 192.168.1.10:80 from spoofed random local
//     (192.168.0.0/16) and Internet addresses; random source ports; nothing is answered. All
//     within 4 s of capture time, so no attempt timer (5 s) frees anything before the end. A few
//     answered connections (TCP handshake, data, FIN) are spread among them.
//   hostile_pcap fragments OUT.pcap [FIRST_FRAGMENTS]   (default 300,000)
//     First fragments (more-fragments set, offset 0) of datagrams that never complete, each with
//     its own id; overlapping fragments that do complete; a 65535-byte datagram in 8-byte
//     pieces; a datagram whose last fragment ends past 65535 bytes.
//   hostile_pcap dns OUT.pcap [RESPONSES]   (default 30,000)
//     DNS responses from 192.168.1.1:53, each to its own client port: names that point at
//     themselves, two pointers pointing at each other, a chain of hundreds of backward pointers,
//     names of 200 one-byte labels, and well-formed answers among them.
//   hostile_pcap stalls OUT.pcap [CONNECTIONS]   (default 2,000)
//     Connections that keep payload inspection busy as long as they can, all open at the end,
//     within 20 s of capture time. Half are TLS connections from home devices to 93.184.216.34:443
//     in which each side sends three 16 KiB handshake records of one message that claims 60,000
//     bytes and never ends (the most a TLS reassembly buffer holds); the other half are UDP
//     datagrams to random Internet ports with 64 random bytes that no parser or nDPI names (each
//     is one-way, so inspection waits for more until the connection times out).
//   hostile_pcap mac-flood OUT.pcap [FRAMES]   (default 1,000,000)
//     Every frame from its own random source MAC address and a random 192.168.0.0/16 address,
//     within 4 s: UDP datagrams to the router's port 53 and ARP requests for home addresses. A
//     reader that learns devices from frames would make a device of each. Among them, every
//     1,000 frames, a real device (192.168.1.20) asks the router a DNS question and gets an answer.
#include <pcap/pcap.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;
using Mac = std::array<std::uint8_t, 6>;

constexpr std::int64_t kStartUs = 1'700'000'000'000'000;
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kAck = 0x10;
constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kPsh = 0x08;

constexpr Mac kRouterMac{0x02, 0, 0, 0, 0, 0x01};
constexpr Mac kScannerMac{0x02, 0, 0, 0, 0, 0x66};
constexpr Mac kSpooferMac{0x02, 0, 0, 0, 0, 0xbb};

constexpr std::uint32_t ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return std::uint32_t{a} << 24 | std::uint32_t{b} << 16 | std::uint32_t{c} << 8 | d;
}
constexpr std::uint32_t kRouter = ipv4(192, 168, 1, 1);
constexpr std::uint32_t kScanner = ipv4(192, 168, 1, 66);
constexpr std::uint32_t kVictim = ipv4(192, 168, 1, 10);
constexpr std::uint32_t kClient = ipv4(192, 168, 1, 20);

// A home device's MAC, made from its address.
Mac home_mac(std::uint32_t ip) {
  return Mac{0x02, 0x10, 0, 0, static_cast<std::uint8_t>(ip >> 8), static_cast<std::uint8_t>(ip)};
}

void put16(Bytes& b, std::size_t at, std::size_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

void put32(Bytes& b, std::size_t at, std::uint32_t v) {
  put16(b, at, v >> 16);
  put16(b, at + 2, v & 0xFFFF);
}

std::uint16_t checksum(const std::uint8_t* data, std::size_t size) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < size; i += 2) sum += std::uint32_t{data[i]} << 8 | data[i + 1];
  if (size % 2 != 0) sum += std::uint32_t{data[size - 1]} << 8;
  while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

struct Ip {
  Mac src_mac;
  Mac dst_mac;
  std::uint32_t src = 0;
  std::uint32_t dst = 0;
  std::uint8_t protocol = kTcp;
  std::uint16_t id = 0;
  std::uint16_t fragment = 0;  // flags and offset field as on the wire
};

// An Ethernet frame holding an IPv4 header (checksummed) and `payload`.
Bytes frame(const Ip& ip, const Bytes& payload) {
  Bytes b(14 + 20);
  std::memcpy(b.data(), ip.dst_mac.data(), 6);
  std::memcpy(b.data() + 6, ip.src_mac.data(), 6);
  put16(b, 12, 0x0800);
  b[14] = 0x45;
  put16(b, 16, 20 + payload.size());
  put16(b, 18, ip.id);
  put16(b, 20, ip.fragment);
  b[22] = 64;
  b[23] = ip.protocol;
  put32(b, 26, ip.src);
  put32(b, 30, ip.dst);
  put16(b, 24, checksum(b.data() + 14, 20));
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

Bytes tcp_segment(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack,
                  std::uint8_t flags, std::string_view data = {}) {
  Bytes t(20);
  put16(t, 0, sport);
  put16(t, 2, dport);
  put32(t, 4, seq);
  put32(t, 8, ack);
  t[12] = 5 << 4;
  t[13] = flags;
  put16(t, 14, 65535);
  t.insert(t.end(), data.begin(), data.end());
  return t;
}

Bytes udp_datagram(std::uint16_t sport, std::uint16_t dport, const Bytes& data) {
  Bytes u(8);
  put16(u, 0, sport);
  put16(u, 2, dport);
  put16(u, 4, 8 + data.size());
  u.insert(u.end(), data.begin(), data.end());
  return u;
}

class Writer {
 public:
  explicit Writer(const char* path)
      : pcap_(pcap_open_dead(DLT_EN10MB, 65535)), dump_(pcap_dump_open(pcap_, path)) {
    if (dump_ == nullptr) {
      std::fprintf(stderr, "hostile_pcap: cannot write %s: %s\n", path, pcap_geterr(pcap_));
      std::exit(1);
    }
  }
  ~Writer() {
    pcap_dump_close(dump_);
    pcap_close(pcap_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void write(std::int64_t ts_us, const Bytes& bytes) {
    pcap_pkthdr header{};
    header.ts.tv_sec = ts_us / 1'000'000;
    header.ts.tv_usec = ts_us % 1'000'000;
    header.caplen = static_cast<bpf_u_int32>(bytes.size());
    header.len = header.caplen;
    pcap_dump(reinterpret_cast<u_char*>(dump_), &header, bytes.data());
    ++frames_;
  }
  std::uint64_t frames() const { return frames_; }

 private:
  pcap_t* pcap_;
  pcap_dumper_t* dump_;
  std::uint64_t frames_ = 0;
};

// A public IPv4 address: none of 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16,
// or multicast and above.
std::uint32_t internet_address(std::mt19937_64& rng) {
  for (;;) {
    const auto a = static_cast<std::uint32_t>(rng());
    const std::uint32_t first = a >> 24;
    if (first == 0 || first == 10 || first == 100 || first == 127 || first >= 224) continue;
    if ((a >> 16) == ipv4(169, 254, 0, 0) >> 16 || (a >> 16) == ipv4(192, 168, 0, 0) >> 16)
      continue;
    if ((a >> 20) == ipv4(172, 16, 0, 0) >> 20) continue;
    return a;
  }
}

std::uint16_t ephemeral_port(std::mt19937_64& rng) {
  return static_cast<std::uint16_t>(1024 + rng() % (65536 - 1024));
}

// One answered connection: handshake, a request, an answer, FIN from both sides.
void answered_connection(Writer& out, std::int64_t ts_us, std::uint16_t sport) {
  const std::uint32_t server = ipv4(93, 184, 216, 34);
  const Ip to_server{home_mac(kClient), kRouterMac, kClient, server};
  const Ip to_client{kRouterMac, home_mac(kClient), server, kClient};
  out.write(ts_us, frame(to_server, tcp_segment(sport, 80, 100, 0, kSyn)));
  out.write(ts_us + 10, frame(to_client, tcp_segment(80, sport, 500, 101, kSyn | kAck)));
  out.write(ts_us + 20, frame(to_server, tcp_segment(sport, 80, 101, 501, kAck)));
  const std::string_view request = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
  out.write(ts_us + 30, frame(to_server, tcp_segment(sport, 80, 101, 501, kAck | kPsh, request)));
  const std::string_view reply = "HTTP/1.1 204 No Content\r\n\r\n";
  const auto after_request = static_cast<std::uint32_t>(101 + request.size());
  out.write(ts_us + 40,
            frame(to_client, tcp_segment(80, sport, 501, after_request, kAck | kPsh, reply)));
  const auto after_reply = static_cast<std::uint32_t>(501 + reply.size());
  out.write(ts_us + 50,
            frame(to_server, tcp_segment(sport, 80, after_request, after_reply, kFin | kAck)));
  out.write(ts_us + 60,
            frame(to_client, tcp_segment(80, sport, after_reply, after_request + 1, kFin | kAck)));
  out.write(ts_us + 70,
            frame(to_server, tcp_segment(sport, 80, after_request + 1, after_reply + 1, kAck)));
}

void syn_flood(Writer& out, std::uint64_t connections) {
  std::mt19937_64 rng(8);
  constexpr std::int64_t kSpanUs = 4'000'000;
  const std::uint64_t answered_every = std::max<std::uint64_t>(1, connections / 50);
  for (std::uint64_t i = 0; i < connections; ++i) {
    const std::int64_t ts = kStartUs + static_cast<std::int64_t>(i * kSpanUs / connections);
    if (i % answered_every == 0)
      answered_connection(out, ts, static_cast<std::uint16_t>(40000 + i / answered_every));
    Ip ip;
    std::uint16_t dport = 80;
    switch (i % 4) {
      case 0: {  // the scanner, at a home address
        const auto host = static_cast<std::uint8_t>(2 + rng() % 253);
        ip = Ip{kScannerMac, home_mac(ipv4(192, 168, 1, host)), kScanner, ipv4(192, 168, 1, host)};
        dport = static_cast<std::uint16_t>(1 + rng() % 65535);
        break;
      }
      case 1:  // the scanner, at an Internet address
        ip = Ip{kScannerMac, kRouterMac, kScanner, internet_address(rng)};
        dport = static_cast<std::uint16_t>(1 + rng() % 65535);
        break;
      case 2:  // spoofed local sources, all from one machine on the LAN
        ip = Ip{kSpooferMac, home_mac(kVictim),
                ipv4(192, 168, static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng())),
                kVictim};
        break;
      default:  // spoofed Internet sources, through the router
        ip = Ip{kRouterMac, home_mac(kVictim), internet_address(rng), kVictim};
        break;
    }
    ip.id = static_cast<std::uint16_t>(i);
    const auto seq = static_cast<std::uint32_t>(rng());
    out.write(ts, frame(ip, tcp_segment(ephemeral_port(rng), dport, seq, 0, kSyn)));
  }
}

// One IPv4 fragment of a UDP datagram from the Internet to the victim.
Bytes fragment(std::uint32_t src, std::uint16_t id, std::uint32_t offset, bool more,
               const Bytes& data) {
  Ip ip{kRouterMac, home_mac(kVictim), src, kVictim, kUdp, id};
  ip.fragment = static_cast<std::uint16_t>((more ? 0x2000 : 0) | (offset / 8));
  return frame(ip, data);
}

void fragments(Writer& out, std::uint64_t first_fragments) {
  std::mt19937_64 rng(9);
  std::int64_t ts = kStartUs;
  // Never completed: 16 bytes each (a UDP header and 8 bytes), more fragments to come.
  const Bytes head = udp_datagram(5000, 9999, Bytes(8, 0xAB));
  for (std::uint64_t i = 0; i < first_fragments; ++i) {
    out.write(ts++, fragment(internet_address(rng), static_cast<std::uint16_t>(i), 0, true, head));
  }
  // Overlapping: the second piece rewrites 8 bytes of the first with other bytes.
  const std::uint32_t overlapper = ipv4(203, 0, 113, 7);
  for (std::uint16_t id = 0; id < 1000; ++id) {
    Bytes first = udp_datagram(5001, 9999, Bytes(16, 0x11));
    first.resize(24);
    out.write(ts++, fragment(overlapper, id, 0, true, first));
    out.write(ts++, fragment(overlapper, id, 16, true, Bytes(24, 0x22)));
    out.write(ts++, fragment(overlapper, id, 40, false, Bytes(8, 0x33)));
  }
  // The largest datagram, 65535 bytes with its header, in 8-byte pieces, last piece first.
  constexpr std::uint32_t kPayload = 65535 - 20;
  Bytes whole = udp_datagram(5002, 9999, Bytes(kPayload - 8, 0x44));
  const std::uint32_t big = ipv4(198, 51, 100, 9);
  for (std::uint32_t offset = (kPayload - 1) / 8 * 8;; offset -= 8) {
    const std::uint32_t end = std::min(kPayload, offset + 8);
    const Bytes piece(whole.begin() + offset, whole.begin() + end);
    out.write(ts++, fragment(big, 4242, offset, end < kPayload, piece));
    if (offset == 0) break;
  }
  // Past 65535 bytes: a last fragment at the highest offset with 100 bytes.
  out.write(ts++, fragment(big, 4343, 0, true, udp_datagram(5003, 9999, Bytes(8, 0x55))));
  out.write(ts++, fragment(big, 4343, 8189 * 8, false, Bytes(100, 0x66)));
}

// A DNS response header: one question, `answers` answers.
Bytes dns_header(std::uint16_t id, std::uint16_t answers) {
  Bytes m(12);
  put16(m, 0, id);
  put16(m, 2, 0x8180);  // response, recursion desired and available
  put16(m, 4, 1);
  put16(m, 6, answers);
  return m;
}

void append_question_tail(Bytes& m) {
  m.insert(m.end(), {0, 1, 0, 1});  // type A, class IN
}

void append_name(Bytes& m, std::string_view dotted) {
  while (!dotted.empty()) {
    const auto dot = dotted.find('.');
    const std::string_view label = dotted.substr(0, dot);
    m.push_back(static_cast<std::uint8_t>(label.size()));
    m.insert(m.end(), label.begin(), label.end());
    dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
  }
  m.push_back(0);
}

Bytes dns_message(std::uint64_t kind, std::uint16_t id) {
  Bytes m = dns_header(id, kind == 4 ? 1 : 0);
  switch (kind) {
    case 0:  // the question's name points at itself
      m.insert(m.end(), {0xC0, 12});
      append_question_tail(m);
      break;
    case 1:  // two pointers pointing at each other (offsets 12 and 14)
      m.insert(m.end(), {0xC0, 14, 0xC0, 12});
      append_question_tail(m);
      break;
    case 2: {  // a chain of 600 backward pointers, each to the one before
      // The question names chain.example; a NULL record's data holds the chain; a second answer's
      // name points at the chain's last link.
      put16(m, 6, 2);
      append_name(m, "chain.example");
      append_question_tail(m);
      m.insert(m.end(), {0xC0, 12, 0, 10, 0, 1, 0, 0, 0, 60});
      const std::size_t length_at = m.size();
      m.insert(m.end(), {0, 0});
      std::size_t previous = 12;
      for (int i = 0; i < 600; ++i) {
        const std::size_t here = m.size();
        m.push_back(static_cast<std::uint8_t>(0xC0 | previous >> 8));
        m.push_back(static_cast<std::uint8_t>(previous));
        previous = here;
      }
      put16(m, length_at, static_cast<std::uint32_t>(m.size() - length_at - 2));
      m.push_back(static_cast<std::uint8_t>(0xC0 | previous >> 8));
      m.push_back(static_cast<std::uint8_t>(previous));
      m.insert(m.end(), {0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 81});
      break;
    }
    case 3:  // 200 one-byte labels: a 400-byte name
      for (int i = 0; i < 200; ++i) m.insert(m.end(), {1, 'a'});
      m.push_back(0);
      append_question_tail(m);
      break;
    default:  // well formed: iot.example.com A 192.0.2.80
      append_name(m, "iot.example.com");
      append_question_tail(m);
      m.insert(m.end(), {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 80});
      break;
  }
  return m;
}

void dns(Writer& out, std::uint64_t responses) {
  std::int64_t ts = kStartUs;
  for (std::uint64_t i = 0; i < responses; ++i) {
    const auto client_port = static_cast<std::uint16_t>(1024 + i % 60000);
    const auto client = ipv4(192, 168, 1, static_cast<std::uint8_t>(20 + i / 60000 % 200));
    const auto id = static_cast<std::uint16_t>(i);
    const Ip query{home_mac(client), kRouterMac, client, kRouter, kUdp, id};
    Bytes question = dns_header(id, 0);
    put16(question, 2, 0x0100);
    append_name(question, "iot.example.com");
    append_question_tail(question);
    out.write(ts, frame(query, udp_datagram(client_port, 53, question)));
    const Ip answer{kRouterMac, home_mac(client), kRouter, client, kUdp, id};
    out.write(ts + 100, frame(answer, udp_datagram(53, client_port, dns_message(i % 5, id))));
    ts += 200;
  }
}

// One direction's stalled handshake: three records of 16,384 bytes carrying the first 49,152
// bytes of a 60,000-byte handshake message of type `message_type`.
std::string stalled_handshake_record(std::uint8_t message_type, bool first) {
  std::string record{'\x16', '\x03', '\x01', '\x40', '\x00'};
  if (first) record += {static_cast<char>(message_type), '\x00', '\xEA', '\x60'};
  record.resize(5 + 16384, '\x5A');
  return record;
}

void tls_stall(Writer& out, std::int64_t ts, std::uint32_t client, std::uint16_t sport) {
  const std::uint32_t server = ipv4(93, 184, 216, 34);
  const Ip up{home_mac(client), kRouterMac, client, server};
  const Ip down{kRouterMac, home_mac(client), server, client};
  std::uint32_t client_seq = 1000;
  std::uint32_t server_seq = 9000;
  out.write(ts, frame(up, tcp_segment(sport, 443, client_seq++, 0, kSyn)));
  out.write(ts + 10, frame(down, tcp_segment(443, sport, server_seq++, client_seq, kSyn | kAck)));
  out.write(ts + 20, frame(up, tcp_segment(sport, 443, client_seq, server_seq, kAck)));
  for (std::int64_t record = 0; record < 3; ++record) {
    const std::string hello = stalled_handshake_record(1, record == 0);
    out.write(ts + 30 + record * 20,
              frame(up, tcp_segment(sport, 443, client_seq, server_seq, kAck | kPsh, hello)));
    client_seq += static_cast<std::uint32_t>(hello.size());
    const std::string answer = stalled_handshake_record(2, record == 0);
    out.write(ts + 40 + record * 20,
              frame(down, tcp_segment(443, sport, server_seq, client_seq, kAck | kPsh, answer)));
    server_seq += static_cast<std::uint32_t>(answer.size());
  }
}

void stalls(Writer& out, std::uint64_t connections) {
  std::mt19937_64 rng(11);
  constexpr std::int64_t kSpanUs = 20'000'000;
  for (std::uint64_t i = 0; i < connections; ++i) {
    const std::int64_t ts = kStartUs + static_cast<std::int64_t>(i * kSpanUs / connections);
    const auto client = ipv4(192, 168, 1, static_cast<std::uint8_t>(20 + i % 200));
    const auto sport = static_cast<std::uint16_t>(1024 + i / 200 % 60000);
    if (i % 2 == 0) {
      tls_stall(out, ts, client, sport);
      continue;
    }
    Bytes noise(64);
    for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
    const Ip ip{home_mac(client),      kRouterMac, client,
                internet_address(rng), kUdp,       static_cast<std::uint16_t>(i)};
    out.write(ts,
              frame(ip, udp_datagram(sport, static_cast<std::uint16_t>(1 + rng() % 65535), noise)));
  }
}

Bytes arp_request(const Mac& sender_mac, std::uint32_t sender, std::uint32_t target) {
  Bytes b(14 + 28);
  std::memset(b.data(), 0xFF, 6);
  std::memcpy(b.data() + 6, sender_mac.data(), 6);
  put16(b, 12, 0x0806);
  put16(b, 14, 1);       // Ethernet
  put16(b, 16, 0x0800);  // IPv4
  b[18] = 6;
  b[19] = 4;
  put16(b, 20, 1);  // request
  std::memcpy(b.data() + 22, sender_mac.data(), 6);
  put32(b, 28, sender);
  put32(b, 38, target);
  return b;
}

void mac_flood(Writer& out, std::uint64_t frames) {
  std::mt19937_64 rng(13);
  constexpr std::int64_t kSpanUs = 4'000'000;
  for (std::uint64_t i = 0; i < frames; ++i) {
    const std::int64_t ts = kStartUs + static_cast<std::int64_t>(i * kSpanUs / frames);
    if (i % 1000 == 0) {
      const auto id = static_cast<std::uint16_t>(i / 1000);
      const auto port = static_cast<std::uint16_t>(30000 + id % 30000);
      Bytes question = dns_header(id, 0);
      put16(question, 2, 0x0100);
      append_name(question, "iot.example.com");
      append_question_tail(question);
      out.write(ts, frame(Ip{home_mac(kClient), kRouterMac, kClient, kRouter, kUdp, id},
                          udp_datagram(port, 53, question)));
      out.write(ts + 1, frame(Ip{kRouterMac, home_mac(kClient), kRouter, kClient, kUdp, id},
                              udp_datagram(53, port, dns_message(4, id))));
    }
    const std::uint64_t bits = rng();
    const Mac mac{0x02,
                  static_cast<std::uint8_t>(bits),
                  static_cast<std::uint8_t>(bits >> 8),
                  static_cast<std::uint8_t>(bits >> 16),
                  static_cast<std::uint8_t>(bits >> 24),
                  static_cast<std::uint8_t>(bits >> 32)};
    const auto source = ipv4(192, 168, static_cast<std::uint8_t>(bits >> 40),
                             static_cast<std::uint8_t>(bits >> 48));
    if (i % 2 == 0) {
      out.write(ts,
                arp_request(mac, source, ipv4(192, 168, 1, static_cast<std::uint8_t>(bits >> 56))));
      continue;
    }
    const Ip ip{mac, kRouterMac, source, kRouter, kUdp, static_cast<std::uint16_t>(i)};
    const Bytes query{static_cast<std::uint8_t>(i >> 8),
                      static_cast<std::uint8_t>(i),
                      1,
                      0,
                      0,
                      1,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0};
    out.write(ts, frame(ip, udp_datagram(ephemeral_port(rng), 53, query)));
  }
}

std::uint64_t count_argument(int argc, char** argv, std::uint64_t fallback) {
  return argc > 3 ? std::strtoull(argv[3], nullptr, 10) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: hostile_pcap syn-flood|fragments|dns|stalls|mac-flood OUT.pcap [COUNT]\n");
    return 2;
  }
  const std::string_view kind = argv[1];
  if (kind != "syn-flood" && kind != "fragments" && kind != "dns" && kind != "stalls" &&
      kind != "mac-flood") {
    std::fprintf(
        stderr,
        "hostile_pcap: unknown kind '%s' (syn-flood, fragments, dns, stalls or mac-flood)\n",
        argv[1]);
    return 2;
  }
  Writer out(argv[2]);
  if (kind == "syn-flood") syn_flood(out, count_argument(argc, argv, 2'000'000));
  if (kind == "fragments") fragments(out, count_argument(argc, argv, 300'000));
  if (kind == "dns") dns(out, count_argument(argc, argv, 30'000));
  if (kind == "stalls") stalls(out, count_argument(argc, argv, 2'000));
  if (kind == "mac-flood") mac_flood(out, count_argument(argc, argv, 1'000'000));
  std::printf("%s: %llu frames\n", argv[2], static_cast<unsigned long long>(out.frames()));
  return 0;
}
