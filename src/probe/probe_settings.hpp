#pragma once
// How hard `iotscope probe` may knock. The defaults are for a home network full of small
// embedded devices: never more aggressive than `nmap -T3` (nmap's default "normal" timing), and
// bounded where -T3 is not (nmap -T3 has no rate cap and lets its congestion window grow to
// hundreds of parallel probes per host group).
#include <chrono>
#include <cstddef>

namespace iotscope {

struct ProbeSettings {
  // Packets (TCP SYNs / connect attempts, UDP datagrams) per second across all targets.
  // nmap -T3 sets no cap; 500/s keeps a /24 with the default port list under 30 s while a
  // cheap Wi-Fi plug, which may see only its own share of that, is never flooded.
  double max_probes_per_second = 500;
  // Probes awaiting an answer at once. nmap -T3 starts at a window of about 10 and grows it
  // when answers come back, up to several hundred; 100 is a fixed, smaller ceiling that still
  // hides a Wi-Fi round trip.
  std::size_t max_in_flight = 100;
  // How long a SYN or connect() may stay unanswered before it counts as lost. nmap -T3 starts
  // with a 1 s RTT timeout and adapts; a home LAN answers in milliseconds, so 1 s only ever
  // waits for sleeping Wi-Fi radios.
  std::chrono::milliseconds connect_timeout{1000};
  // Extra attempts after an unanswered probe. nmap -T3 allows up to 10 but retransmits only
  // when it sees drops; one retry separates "filtered" from one lost packet on Wi-Fi without
  // hammering a device that silently drops.
  int retries = 1;
  // How long to wait for a UDP service's answer to one probe (nmap's UDP probes also start at
  // 1 s); a silent port gets `retries` more tries before it counts as filtered.
  std::chrono::milliseconds udp_response_wait{1000};
  // How long an open TCP service may take to greet us before a banner grab gives up. nmap's
  // -sV NULL probe waits 6 s; IoT banners (telnet, FTP, SSH) come within a second or two.
  std::chrono::milliseconds banner_wait{3000};
};

}  // namespace iotscope
