#pragma once
// --max-memory: the one number a user gives, turned into the limits of everything a capture read
// grows with its input: the flow tables of all workers, the connections finished but not yet
// handed on, payload inspection buffers (with nDPI's per-flow state), the packet batches between
// threads, fragment reassembly and the flow records kept for the analyses. What passes a limit is
// evicted or left out, counted, and reported as a warning (capture_source.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "decode/fragment_reassembler.hpp"

namespace iotscope {

struct CaptureLimits {
  std::uint32_t max_connections = 0;  // tracked at once, all workers together
  // Connections holding payload inspection state at once, all workers together: TCP ones (stream
  // buffers) and the rest (UDP, ICMP: a datagram's worth).
  std::uint32_t max_inspected_tcp = 0;
  std::uint32_t max_inspected_other = 0;
  // Bytes the stream buffers of connections being inspected hold together, all workers.
  std::uint64_t max_buffered_bytes = 0;
  // Tracked packets after which the reader ends an epoch even within one second of network time,
  // so a flood cannot pile up finished connections that wait for the epoch's end.
  std::uint64_t epoch_packets = 0;
  std::size_t batch_bytes = 0;        // bytes in one batch of packets for a worker
  std::size_t batches_in_flight = 0;  // batches queued for one worker
  // Read buffers (1 MiB each) of the capture files that batches may hold instead of copying.
  std::size_t lent_read_buffers = 0;
  FragmentLimits fragments;            // per capture file
  std::uint64_t max_engine_flows = 0;  // flow records kept for the analyses
  std::uint64_t max_observations = 0;  // payload facts about devices kept for the analyses
  std::size_t dns_names = 0;           // remembered DNS answers (address -> name)
  std::uint64_t max_devices = 0;       // devices learnt (`flows` learns none: 0, no limit)
};

// "512M", "2G", "256MiB", "1.5GB", "1048576": binary units (K, M, G, T, with or without "B" or
// "iB"), plain numbers are bytes. Nothing for text that is none of these or below 1 MiB.
std::optional<std::uint64_t> parse_memory_size(std::string_view text);

// "256 MiB", "1.5 GiB": for messages.
std::string memory_size_text(std::uint64_t bytes);

// Without --max-memory: half the machine's memory, at most 4 GiB.
std::uint64_t default_memory_cap();

// The smallest cap a capture read fits in (the program, nDPI's modules, minimal tables).
std::uint64_t minimum_memory_cap(unsigned workers);

// How `max_memory` bytes are shared out for a read with `workers` flow workers. `make_records`
// false (`iotscope flows`): no flow records are kept, the tables get their share.
CaptureLimits capture_limits(std::uint64_t max_memory, unsigned workers, bool make_records);

}  // namespace iotscope
