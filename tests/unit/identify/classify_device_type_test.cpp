#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "identify/device_identifier.hpp"

namespace iotscope {
namespace {

struct Labelled {
  const char* name;
  const char* vendor;
  const char* type;
  DeviceType expected;
};

DeviceRecord labelled(const Labelled& labels) {
  DeviceRecord device;
  device.labels = {labels.name, labels.vendor, labels.type};
  return device;
}

// Device names and labels as the seeds' charts and tables list them.
TEST(ClassifyDeviceType, ReadsTheSeedsDeviceLabels) {
  using enum DeviceType;
  const Labelled cases[] = {
      {"Echo Show 5", "", "", voice_assistant},
      {"Amazon Echo Dot", "amazon", "", voice_assistant},
      {"Amazon Alexa", "", "", voice_assistant},
      {"amazon echo dot 3rd gen", "", "", voice_assistant},
      {"Firestick", "Amazon", "", media_tv},
      {"Fire TV Stick 4K", "", "", media_tv},
      {"Ring Doorbell", "ring", "", camera},
      {"Ring Doorbell Pro", "", "", camera},
      {"Wyze Cam", "", "", camera},
      {"Wyze camera", "wyze", "", camera},
      {"Philips Hue Bridge", "philips", "", smart_home_hub},
      {"Philips Hue", "phillips", "", light},
      {"hue lightstrip", "", "", light},
      {"Wemo Smart Plug", "Belkin", "", plug_switch},
      {"Wemo light switch", "", "", plug_switch},
      {"Sonos", "", "", media_tv},
      {"Sonos One", "sonos", "speaker", media_tv},
      {"Harmony Hub", "Logitech", "", smart_home_hub},
      {"Ambient Weather", "", "", thermostat_sensor},
      {"Dyson Fan", "dyson", "", other},
      {"Dlink Camera", "D-Link", "", camera},
      {"D-Link Camera", "", "", camera},
      {"Synology DS", "synology", "", storage_nas},
      {"WD NAS", "", "", storage_nas},
      {"WD My Cloud", "", "", storage_nas},
      {"Fritz!Box", "", "", router},
      {"Canon Printer", "canon", "", printer},
      {"Samsung printer", "", "", printer},
      {"Octoprint", "", "", printer},
      {"Vizio TV", "", "", media_tv},
      {"Google Home", "Google", "", voice_assistant},
      {"Google Home Hub", "", "", voice_assistant},
      {"Google Nest Mini", "", "", voice_assistant},
      {"Chromecast", "google", "", media_tv},
      {"Google WiFi", "", "", router},
      {"Ubiquity AP", "", "", router},
      {"TP link Mesh", "", "", router},
      {"Sky HD", "", "", media_tv},
      {"Direct TV", "", "", media_tv},
      {"Alecto IP cameras", "", "", camera},
      {"Space Monkey", "", "", storage_nas},
      {"Nest Thermostat", "nest", "", thermostat_sensor},
      {"Nest Cam", "", "", camera},
      {"Kasa smart bulb", "tp-link", "", light},
      {"kitchen", "kasa", "", plug_switch},
      {"Johns iPhone", "Apple", "", computer_phone},
      {"MacBook Pro", "", "", computer_phone},
      {"Apple TV", "apple", "", media_tv},
      {"SmartThings Hub", "Samsung", "", smart_home_hub},
      {"Samsung Smart TV", "samsung", "", media_tv},
      {"Living room", "Roku", "", media_tv},
      {"Roomba", "", "", other},
      {"ecobee3 lite", "", "", thermostat_sensor},
      {"Nintendo Switch", "", "", media_tv},
      {"Netgear GS108T network switch", "", "", router},
  };
  for (const Labelled& labels : cases) {
    EXPECT_EQ(classify_device_type(labelled(labels)), labels.expected)
        << labels.name << " / " << labels.vendor << " / " << labels.type;
  }
}

TEST(ClassifyDeviceType, TypedLabelWinsOverNameAndVendor) {
  using enum DeviceType;
  EXPECT_EQ(classify_device_type(labelled({"Echo", "Amazon", "Smart TV", unknown})), media_tv);
  EXPECT_EQ(classify_device_type(labelled({"box", "Sonos", "camera", unknown})), camera);
  EXPECT_EQ(classify_device_type(labelled({"", "", "storage_nas", unknown})), storage_nas);
  EXPECT_EQ(classify_device_type(labelled({"", "", "Thermostst", unknown})), thermostat_sensor);
  EXPECT_EQ(classify_device_type(labelled({"", "", "smart plugs", unknown})), plug_switch);
}

TEST(ClassifyDeviceType, OtherIsOnlyAFallback) {
  using enum DeviceType;
  // "Other" as a type says less than a name that names the device.
  EXPECT_EQ(classify_device_type(labelled({"Echo Dot", "", "Other", unknown})), voice_assistant);
  EXPECT_EQ(classify_device_type(labelled({"thing", "", "Other", unknown})), other);
}

TEST(ClassifyDeviceType, ReadsLearntNames) {
  using enum DeviceType;
  const std::vector<std::pair<std::string, DeviceType>> cases = {
      {"amazon-3f2a1b", unknown},  // names the vendor, not the kind of device
      {"Google-Home", voice_assistant},
      {"HS105", plug_switch},
      {"KL130", light},
      {"Chromecast", media_tv},
      {"NPI1A2B3C", printer},
      {"BRN001BA9123456", printer},
      {"SonosZP", media_tv},
      {"Philips-hue", light},
      {"RingDoorbell", camera},
      {"Galaxy-S10", computer_phone},
      {"android-1a2b3c4d5e6f7a8b", computer_phone},
      {"DESKTOP-7K2L9QX", computer_phone},
      {"ESP_3F2A1B", unknown},
  };
  for (const auto& [name, expected] : cases) {
    DeviceRecord device;
    device.learnt_names = {name};
    EXPECT_EQ(classify_device_type(device), expected) << name;
  }
}

TEST(ClassifyDeviceType, FallsBackToTheVendorsUsualType) {
  using enum DeviceType;
  const std::vector<std::pair<std::string, DeviceType>> cases = {
      {"Sonos, Inc.", media_tv},
      {"Synology Incorporated", storage_nas},
      {"Ubiquiti Networks Inc.", router},
      {"Seiko Epson Corporation", printer},
      {"Philips Lighting BV", smart_home_hub},
      {"ecobee inc", thermostat_sensor},
      {"Ring LLC", camera},
      {"eero inc.", router},
      {"Amazon Technologies Inc.", unknown},  // Echo, Fire TV, Kindle...: no usual type
      {"Hon Hai Precision Ind. Co.,Ltd.", unknown},
      {"", unknown},
  };
  for (const auto& [organisation, expected] : cases) {
    DeviceRecord device;
    device.oui_vendor = organisation;
    EXPECT_EQ(classify_device_type(device), expected) << organisation;
  }
}

TEST(ClassifyDeviceType, AGatewayIsARouterUnlessLabelledOtherwise) {
  DeviceRecord gateway;
  gateway.is_gateway = true;
  gateway.oui_vendor = "Sonos, Inc.";
  EXPECT_EQ(classify_device_type(gateway), DeviceType::router);
  gateway.labels.type = "NAS";
  EXPECT_EQ(classify_device_type(gateway), DeviceType::storage_nas);
}

}  // namespace
}  // namespace iotscope
