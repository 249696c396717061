#include "sources/nmap/nmap_probe_results.hpp"

namespace iotscope {

ProbeResults to_probe_results(const NmapXmlResult& scan, Vantage vantage) {
  ProbeResults results;
  results.run.scanner =
      scan.scan.version.empty() ? scan.scan.scanner : scan.scan.scanner + " " + scan.scan.version;
  results.run.arguments = scan.scan.args;
  results.run.vantage = vantage;
  results.run.started = scan.scan.start;
  results.run.finished = scan.scan.end;
  for (const auto& host : scan.hosts) {
    if (host.status != "up") continue;
    results.hosts.push_back({host.address, host.mac,
                             host.hostnames.empty() ? std::string() : host.hostnames.front(),
                             "nmap-up", host.start});
  }
  results.offers = scan.offers;
  return results;
}

}  // namespace iotscope
