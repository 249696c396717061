#include "identify/nmap_device_type.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

TEST(NmapDeviceType, SeedTypesFromNmapWords) {
  EXPECT_EQ(device_type_from_nmap("webcam"), DeviceType::camera);
  EXPECT_EQ(device_type_from_nmap("broadband router"), DeviceType::router);
  EXPECT_EQ(device_type_from_nmap("printer"), DeviceType::printer);
  EXPECT_EQ(device_type_from_nmap("media device"), DeviceType::media_tv);
  EXPECT_EQ(device_type_from_nmap("storage-misc"), DeviceType::storage_nas);
  EXPECT_EQ(device_type_from_nmap("general purpose"), DeviceType::unknown);
  EXPECT_EQ(device_type_from_nmap(""), DeviceType::unknown);
  EXPECT_EQ(device_type_from_nmap("Webcam"), DeviceType::unknown);  // nmap's spelling only
}

}  // namespace
}  // namespace iotscope
