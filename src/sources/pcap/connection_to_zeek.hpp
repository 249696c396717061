#pragma once
// A tracked connection as a Zeek conn.log row: the one shape both `iotscope flows` writes and
// the record conversion reads, so captures and Zeek logs become FlowRecords the same way.
#include <string>

#include "flows/connection.hpp"
#include "sources/zeek/ip_network.hpp"
#include "sources/zeek/zeek_records.hpp"

namespace iotscope {

std::string mac_text(const MacAddress& mac);  // "aa:bb:cc:dd:ee:ff"
std::string zeek_uid(std::uint64_t id);       // "C" and 17 base-62 digits, like Zeek's

// Overwrites every field of `row` with the connection's. The row's strings keep their buffers,
// so a reader that fills one row per connection allocates nothing per connection (the uid and
// the MAC addresses are longer than a string holds in place).
void fill_zeek_conn(const Connection& connection, const std::string& service,
                    const LocalNetworks& local, ZeekConn& row);

}  // namespace iotscope
