#include "decode/link_type.hpp"

namespace iotscope {

bool is_supported_link_type(int link_type) {
  switch (link_type) {
    case link_type::null_loopback:
    case link_type::ethernet:
    case link_type::raw_ip_dlt12:
    case link_type::raw_ip_dlt14:
    case link_type::raw_ip:
    case link_type::ieee802_11:
    case link_type::loop:
    case link_type::linux_sll:
    case link_type::ieee802_11_radiotap:
    case link_type::ipv4:
    case link_type::ipv6:
    case link_type::linux_sll2:
      return true;
    default:
      return false;
  }
}

}  // namespace iotscope
