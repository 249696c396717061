#pragma once
// The MACs of probed hosts, from the kernel's ARP table: a scan on the local segment leaves an
// entry for every host that answered ARP, which is how a probe result joins the devices a
// capture of the same home keyed by MAC.
#include <map>
#include <string>

#include "model/ip_address.hpp"

namespace iotscope {

// Address -> lower-case "aa:bb:cc:dd:ee:ff" for complete entries; empty when the table cannot be
// read. The path is a parameter for tests.
std::map<IpAddress, std::string> read_neighbor_table(const std::string& path = "/proc/net/arp");

}  // namespace iotscope
