#include <gtest/gtest.h>

#include "identify/device_identifier.hpp"

namespace iotscope {
namespace {

const OuiRegistry& registry() {
  static const OuiRegistry loaded = OuiRegistry::load();
  return loaded;
}

TEST(IdentifyDevice, FillsOuiVendorVendorAndTypeFromTheMac) {
  DeviceRecord device;
  device.mac = "54:e0:19:12:34:56";
  identify_device(device, registry());
  EXPECT_EQ(device.oui, "54E019");
  EXPECT_EQ(device.oui_vendor, "Ring LLC");
  EXPECT_EQ(device.vendor, "Amazon");
  EXPECT_EQ(device.type, DeviceType::camera);
}

TEST(IdentifyDevice, UsesTheOuiWhenThereIsNoMac) {
  DeviceRecord device;
  device.oui = "001788";
  identify_device(device, registry());
  EXPECT_EQ(device.oui_vendor, "Philips Lighting BV");
  EXPECT_EQ(device.vendor, "Philips");
  EXPECT_EQ(device.type, DeviceType::smart_home_hub);
}

TEST(IdentifyDevice, LabelsBeatTheOui) {
  DeviceRecord device;
  device.oui = "A4CF12";  // an Espressif module inside someone else's product
  device.labels = {"Kitchen plug", "phillips", ""};
  identify_device(device, registry());
  EXPECT_EQ(device.oui_vendor, "Espressif Inc.");
  EXPECT_EQ(device.vendor, "Philips");
  EXPECT_EQ(device.type, DeviceType::plug_switch);
}

TEST(IdentifyDevice, NamesGiveTheVendorWhenTheVendorLabelIsEmpty) {
  DeviceRecord device;
  device.oui = "A4CF12";
  device.learnt_names = {"HS105"};
  identify_device(device, registry());
  EXPECT_EQ(device.vendor, "TP-Link");
  EXPECT_EQ(device.type, DeviceType::plug_switch);

  DeviceRecord echo;
  echo.oui = "68DBF5";
  echo.labels.name = "Bedroom Echo";
  identify_device(echo, registry());
  EXPECT_EQ(echo.vendor, "Amazon");
  EXPECT_EQ(echo.type, DeviceType::voice_assistant);
}

TEST(IdentifyDevice, KeepsWhatTheSourceAlreadyKnows) {
  DeviceRecord device;
  device.oui = "68DBF5";
  device.oui_vendor = "Amazon (from the capture)";
  device.vendor = "Acme";
  device.type = DeviceType::printer;
  device.labels.name = "Echo Dot";
  identify_device(device, registry());
  EXPECT_EQ(device.oui_vendor, "Amazon (from the capture)");
  EXPECT_EQ(device.vendor, "Acme");
  EXPECT_EQ(device.type, DeviceType::printer);
}

TEST(IdentifyDevice, LeavesUnknownDevicesUnknown) {
  DeviceRecord device;
  device.mac = "not a mac";
  identify_device(device, registry());
  EXPECT_EQ(device.oui, "");
  EXPECT_EQ(device.oui_vendor, "");
  EXPECT_EQ(device.vendor, "");
  EXPECT_EQ(device.type, DeviceType::unknown);

  DeviceRecord randomised;  // a phone's private address: locally administered, in no registry
  randomised.mac = "da:a1:19:00:00:01";
  identify_device(randomised, registry());
  EXPECT_EQ(randomised.oui, "DAA119");
  EXPECT_EQ(randomised.oui_vendor, "");
  EXPECT_EQ(randomised.type, DeviceType::unknown);
}

TEST(IdentifyDevice, WorksWithoutARegistry) {
  DeviceRecord device;
  device.oui = "68DBF5";
  device.labels.name = "Wyze Cam v2";
  identify_device(device, OuiRegistry::load("/nonexistent/oui.csv"));
  EXPECT_EQ(device.oui_vendor, "");
  EXPECT_EQ(device.vendor, "Wyze");
  EXPECT_EQ(device.type, DeviceType::camera);
}

}  // namespace
}  // namespace iotscope
