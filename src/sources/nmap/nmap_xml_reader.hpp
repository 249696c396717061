#pragma once
// Reads `nmap -oX` files into ServiceOffer records: one per <port> of every scanned host, with
// nmap's state (open|filtered and closed|filtered read as filtered), reason and service fields.
// Streaming (libxml2's xmlReader), so a large scan is never held as a tree. A malformed document
// is reported (file:line, what libxml2 expected) and the hosts completed before it are kept.
#include <string>
#include <string_view>
#include <vector>

#include "model/ip_address.hpp"
#include "model/service_offer.hpp"
#include "sources/input_report.hpp"

namespace iotscope {

// What the run says about itself. Whether it was an external scan (from outside the home) is
// for the caller to decide, from the targets' addresses and the arguments.
struct NmapScanInfo {
  std::string scanner;                  // "nmap"
  std::string version;                  // "7.93"
  std::string args;                     // the command line
  std::vector<std::string> scan_types;  // "<type>/<protocol>" per <scaninfo>: "connect/tcp"
  double start = 0;                     // <nmaprun start>, Unix seconds
  double end = 0;                       // <runstats><finished time>; 0 when the run did not finish
  bool finished = false;
};

struct NmapHost {
  IpAddress address;
  std::string mac;         // lower-case colon form, empty when nmap did not see it
  std::string mac_vendor;  // nmap's OUI vendor
  std::vector<std::string> hostnames;
  std::string status;  // "up" / "down"
  double start = 0;    // <host starttime>, or the run's start
};

struct NmapXmlResult {
  InputReport report;  // format "nmap-xml"; records = offers, skipped = ports not understood
  NmapScanInfo scan;
  std::vector<NmapHost> hosts;
  std::vector<ServiceOffer> offers;
  bool ok() const { return report.issues.empty(); }
};

NmapXmlResult read_nmap_xml_file(const std::string& path);
// `name` stands for the document in messages.
NmapXmlResult read_nmap_xml_text(std::string_view text, const std::string& name);

}  // namespace iotscope
