#include <gtest/gtest.h>

#include <utility>

#include "identify/device_identifier.hpp"
#include "identify/vendor_matcher.hpp"

namespace iotscope {
namespace {

TEST(NormalizeVendor, MapsNoisyUserSpellingsOntoCanonicalVendors) {
  const std::pair<const char*, const char*> cases[] = {
      {"philips", "Philips"},
      {"phillips", "Philips"},
      {"philip's", "Philips"},
      {"Phlips", "Philips"},
      {"PHILIPS HUE", "Philips"},
      {"Philips Lighting BV", "Philips"},
      {"Signify", "Philips"},
      {"hue", "Philips"},
      {"amazon", "Amazon"},
      {"Amazon.com", "Amazon"},
      {"amazon's", "Amazon"},
      {"Amazin", "Amazon"},
      {"Echo Dot", "Amazon"},
      {"amazon echo dot 3rd gen", "Amazon"},
      {"Alexa", "Amazon"},
      {"Fire TV Stick", "Amazon"},
      {"firestick", "Amazon"},
      {"Ring", "Amazon"},
      {"Google Inc.", "Google"},
      {"googel", "Google"},
      {"Nest", "Google"},
      {"chromecast", "Google"},
      {"Chromcast", "Google"},
      {"tp-link", "TP-Link"},
      {"TPLink", "TP-Link"},
      {"TP LINK TECHNOLOGIES CO.,LTD.", "TP-Link"},
      {"kasa", "TP-Link"},
      {"Belkin International Inc.", "Belkin"},
      {"WeMo", "Belkin"},
      {"d-link", "D-Link"},
      {"Dlink", "D-Link"},
      {"Fritz!Box", "AVM"},
      {"AVM GmbH", "AVM"},
      {"Ubiquity", "Ubiquiti"},
      {"UBNT", "Ubiquiti"},
      {"Netgeat", "Netgear"},
      {"Sonos, Inc.", "Sonos"},
      {"Sonso", "Sonos"},
      {"roku inc", "Roku"},
      {"Synology DS", "Synology"},
      {"synolgy", "Synology"},
      {"WD My Cloud", "Western Digital"},
      {"western digitl", "Western Digital"},
      {"Hewlett-Packard", "HP"},
      {"hp officejet", "HP"},
      {"Seiko Epson Corporation", "Epson"},
      {"Canon Inc.", "Canon"},
      {"Brother Industries, LTD.", "Brother"},
      {"Xiaomi Communications Co Ltd", "Xiaomi"},
      {"Espressif Inc.", "Espressif"},
      {"Tuya Smart Inc.", "Tuya"},
      {"LIFX", "LIFX"},
      {"Ecobee3", "ecobee"},
      {"Honeywell", "Honeywell"},
      {"Logitech Harmony Hub", "Logitech"},
      {"Harmony", "Logitech"},
      {"Dyson Fan", "Dyson"},
      {"Ambient Weather", "Ambient Weather"},
      {"AmbientWeather", "Ambient Weather"},
      {"VIZIO", "Vizio"},
      {"LG Electronics", "LG"},
      {"Sony Corporation", "Sony"},
      {"Microsoft Corporation", "Microsoft"},
      {"Intel Corporate", "Intel"},
      {"Raspberry Pi Foundation", "Raspberry Pi"},
      {"Wyze Labs Inc", "Wyze"},
      {"Arlo Technology", "Arlo"},
      {"Samsung Electronics Co.,Ltd", "Samsung"},
      {"smart things", "Samsung"},
      {"Apple, Inc.", "Apple"},
      {"iPhone", "Apple"},
      {"Johns-MacBook-Pro", "Apple"},
      {"Sky HD", "Sky"},
      {"Direct TV", "DirecTV"},
      {"Alecto IP camera", "Alecto"},
  };
  for (const auto& [noisy, canonical] : cases) {
    EXPECT_EQ(normalize_vendor(noisy), canonical) << noisy;
  }
}

TEST(NormalizeVendor, IsEmptyWhenNothingIsRecognised) {
  for (const char* text :
       {"", "   ", "unknown", "my device", "Living room", "Hon Hai Precision",
        "Murata Manufacturing Co., Ltd.", "Technicolor CH USA Inc.", "Sonus Networks",
        "Harris Corporation", "Leader Phone", "light", "!!!", "xx"}) {
    EXPECT_EQ(normalize_vendor(text), "") << text;
  }
}

TEST(NormalizeVendor, PrefersTheFirstVendorNamedAndExactOverTypo) {
  EXPECT_EQ(normalize_vendor("Sonos One with Alexa"), "Sonos");
  EXPECT_EQ(normalize_vendor("Phillip's iPhone"), "Apple");  // a name, not a typo of Philips
  EXPECT_EQ(normalize_vendor("Philips Hue by Signify"), "Philips");
}

TEST(NormalizeOrganisation, ReadsRegistryNamesStrictly) {
  const std::pair<const char*, const char*> cases[] = {
      {"Amazon Technologies Inc.", "Amazon"},
      {"Ring LLC", "Amazon"},
      {"eero inc.", "Amazon"},
      {"Nest Labs Inc.", "Google"},
      {"Google, Inc.", "Google"},
      {"Signify B.V.", "Philips"},
      {"TP-LINK TECHNOLOGIES CO.,LTD.", "TP-Link"},
      {"AVM Audiovisuelles Marketing und Computersysteme GmbH", "AVM"},
      {"SmartThings, Inc.", "Samsung"},
      {"LIFI LABS MANAGEMENT PTY LTD", "LIFX"},
      {"Hangzhou Hikvision Digital Technology Co.,Ltd.", "Hikvision"},
  };
  for (const auto& [organisation, canonical] : cases) {
    EXPECT_EQ(normalize_organisation(organisation), canonical) << organisation;
  }
  // Brand words and near misses that belong to other companies in the registry.
  for (const char* organisation :
       {"EchoStar Global B.V.", "Ring Solutions", "RingCube Technologies, Inc.",
        "Galaxy Technology Limited", "B-Link Electronic Limited", "At-Sky SAS",
        "Sonus Networks, Inc.", "W & D TECHNOLOGY CORPORATION", "MyCloud Technology corporation",
        "Shell International Exploration and Production, Inc.",
        "Hon Hai Precision Ind. Co.,Ltd."}) {
    EXPECT_EQ(normalize_organisation(organisation), "") << organisation;
  }
}

}  // namespace
}  // namespace iotscope
