#pragma once
// An nmap scan as probe results, so `analyze` treats `nmap -oX` files like `iotscope probe`
// output: hosts that were up, every listed port, the run's arguments and times.
#include "model/probe_results.hpp"
#include "sources/nmap/nmap_xml_reader.hpp"

namespace iotscope {

ProbeResults to_probe_results(const NmapXmlResult& scan, Vantage vantage);

}  // namespace iotscope
