#include "sources/pcap/memory_cap.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace iotscope {
namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = kKiB * kKiB;
constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;

// Costs measured with `/usr/bin/time -f %M` on the hostile captures of tests/e2e (docs/capture.md,
// "Limits"), with room to spare. The program with its libraries and report stage, before any
// input:
constexpr std::uint64_t kProgramBytes = 32 * kMiB;
// Each worker's nDPI module (its protocol tables and host caches):
constexpr std::uint64_t kWorkerBytes = 8 * kMiB;
// One tracked connection: its record (472 bytes), index slots, and the copy made when it
// finishes (504 bytes, waiting for its epoch's end), measured at 1.2 KiB a connection on a SYN
// flood. Inspection state is counted apart: only connections with payload have any.
constexpr std::uint64_t kConnectionBytes = 1280;
// One connection whose payload is being inspected, without its stream buffers: the inspector's
// working state and result, nDPI's flow (688 bytes and what it allocates) and the gate's slot;
// about 1.7 KiB a one-way UDP datagram on the `stalls` capture.
constexpr std::uint64_t kInspectionPlaceBytes = 2 * kKiB;
// One flow record kept for the analyses: the engine's packed copy, its share of the reduction's
// scratch, and growth of the vectors that hold them.
constexpr std::uint64_t kEngineFlowBytes = 400;
// One observation (a payload fact about a device: kind, peer, a map of a few fields):
constexpr std::uint64_t kObservationBytes = 1024;
// One device: its record, its keys in the budget and the converter, an address with its MAC, names,
// ARP and probe windows; measured at 1.4 KiB on the `mac-flood` capture (tests/e2e).
constexpr std::uint64_t kDeviceBytes = 2 * kKiB;
// One remembered DNS answer (address, name, hash table node):
constexpr std::uint64_t kDnsNameBytes = 128;
// One fragment reassembly slot: the largest datagram, header room and coverage bitmap.
constexpr std::uint64_t kReassemblyBytes = 67 * kKiB;

// The floor of each table, so a tiny cap still reads small captures.
constexpr std::uint32_t kMinConnections = 4096;
constexpr std::uint32_t kMinInspected = 256;
// Room for a few dozen TLS handshakes being reassembled at once.
constexpr std::uint64_t kMinBufferedBytes = 4 * kMiB;
constexpr std::uint64_t kMinEngineFlows = 65536;
constexpr std::uint64_t kMinObservations = 4096;
constexpr std::size_t kMinDnsNames = 4096;
constexpr std::uint64_t kMinDevices = 1024;
constexpr std::size_t kMaxDnsNames = std::size_t{1} << 18;
constexpr std::uint64_t kMinEpochPackets = 4096;
constexpr std::size_t kMinReassemblies = 4;
constexpr std::size_t kMaxReassemblies = 64;

std::uint64_t unit_of(std::string_view suffix) {
  std::string lower;
  for (const char c : suffix)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  constexpr std::array<std::string_view, 5> kUnits{"", "k", "m", "g", "t"};
  for (std::size_t power = 0; power < kUnits.size(); ++power) {
    const std::string_view unit = kUnits[power];
    if (lower == unit ||
        (power > 0 && (lower == std::string(unit) + "b" || lower == std::string(unit) + "ib"))) {
      return std::uint64_t{1} << (10 * power);
    }
  }
  return lower == "b" ? 1 : 0;
}

std::uint64_t share(std::uint64_t bytes, unsigned percent) {
  return bytes / 100 * percent;
}

}  // namespace

std::optional<std::uint64_t> parse_memory_size(std::string_view text) {
  double number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc{} || !(number > 0) || !std::isfinite(number)) return std::nullopt;
  const std::uint64_t unit = unit_of(text.substr(static_cast<std::size_t>(end - text.data())));
  if (unit == 0) return std::nullopt;
  const double bytes = number * static_cast<double>(unit);
  if (bytes < static_cast<double>(kMiB) ||
      bytes >= static_cast<double>(std::numeric_limits<std::uint64_t>::max())) {
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(bytes);
}

std::string memory_size_text(std::uint64_t bytes) {
  if (bytes >= kGiB) return fmt::format("{:.3g} GiB", static_cast<double>(bytes) / kGiB);
  return fmt::format("{:.3g} MiB", static_cast<double>(bytes) / kMiB);
}

std::uint64_t default_memory_cap() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 4 * kGiB;
  const std::uint64_t half =
      static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size) / 2;
  return std::clamp(half, minimum_memory_cap(1), 4 * kGiB);
}

std::uint64_t minimum_memory_cap(unsigned workers) {
  return kProgramBytes + std::max(1U, workers) * kWorkerBytes + kMinConnections * kConnectionBytes +
         kInspectionPlaceBytes * 2 * kMinInspected + kMinBufferedBytes +
         kMinEngineFlows * kEngineFlowBytes + kMinObservations * kObservationBytes +
         kMinDnsNames * kDnsNameBytes + kMinReassemblies * kReassemblyBytes +
         kMinDevices * kDeviceBytes;
}

CaptureLimits capture_limits(std::uint64_t max_memory, unsigned workers, bool make_records) {
  workers = std::max(1U, workers);
  const std::uint64_t fixed = kProgramBytes + workers * kWorkerBytes;
  const std::uint64_t left = max_memory > fixed ? max_memory - fixed : 0;
  // The rest (about a tenth) is room for the packet batches, summaries and reports.
  const std::uint64_t tables = share(left, make_records ? 30 : 60);
  const std::uint64_t inspection = share(left, make_records ? 10 : 15);
  const std::uint64_t reassembly = share(left, 2);
  CaptureLimits limits;
  limits.max_connections = static_cast<std::uint32_t>(
      std::clamp<std::uint64_t>(tables / kConnectionBytes, kMinConnections, 1U << 30));
  // Half for the stream buffers, half for places: most connections waiting for more payload
  // are UDP ones (one-way datagrams wait for an answer until they time out).
  limits.max_buffered_bytes = std::max(kMinBufferedBytes, inspection / 2);
  limits.max_inspected_tcp = static_cast<std::uint32_t>(std::clamp<std::uint64_t>(
      inspection / 2 / 5 / kInspectionPlaceBytes, kMinInspected, 1U << 30));
  limits.max_inspected_other = static_cast<std::uint32_t>(std::clamp<std::uint64_t>(
      inspection / 2 / 5 * 4 / kInspectionPlaceBytes, kMinInspected, 1U << 30));
  limits.max_engine_flows =
      make_records ? std::max(kMinEngineFlows, share(left, 35) / kEngineFlowBytes) : 0;
  limits.max_observations =
      make_records ? std::max(kMinObservations, share(left, 8) / kObservationBytes) : 0;
  limits.max_devices = make_records ? std::max(kMinDevices, share(left, 3) / kDeviceBytes) : 0;
  limits.dns_names = static_cast<std::size_t>(
      std::clamp<std::uint64_t>(share(left, 3) / kDnsNameBytes, kMinDnsNames, kMaxDnsNames));
  // An epoch of an eighth of the table: sweeping the tables at its end costs about eight record
  // checks per packet, and the connections it holds stay well below the table's size.
  limits.epoch_packets = std::max<std::uint64_t>(kMinEpochPackets, limits.max_connections / 8);
  limits.batch_bytes = static_cast<std::size_t>(std::clamp(max_memory / 512, 64 * 1024UL, kMiB));
  // 64 of each at the default 4 GiB: the batches in flight then span about as many read buffers.
  // Batches that copy (when every lendable buffer is held) take at most
  // workers * batches_in_flight * batch_bytes, 3 % of the cap.
  limits.batches_in_flight =
      static_cast<std::size_t>(std::clamp<std::uint64_t>(max_memory / (64 * kMiB), 4, 64));
  limits.lent_read_buffers =
      static_cast<std::size_t>(std::clamp<std::uint64_t>(max_memory / (64 * kMiB), 2, 64));
  limits.fragments.max_reassemblies = static_cast<std::size_t>(
      std::clamp<std::uint64_t>(reassembly / kReassemblyBytes, kMinReassemblies, kMaxReassemblies));
  return limits;
}

}  // namespace iotscope
