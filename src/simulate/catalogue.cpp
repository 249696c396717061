#include "simulate/catalogue.hpp"

#include <algorithm>
#include <array>

namespace iotscope::sim {
namespace {

constexpr KindMask kAmazon = bit(Kind::echo) | bit(Kind::fire_tv) | bit(Kind::ring);
constexpr KindMask kAmazonMedia = bit(Kind::echo) | bit(Kind::fire_tv);
constexpr KindMask kGoogle = bit(Kind::google_home) | bit(Kind::chromecast) | bit(Kind::nest);
constexpr KindMask kCast = bit(Kind::google_home) | bit(Kind::chromecast);
constexpr KindMask kPhone = bit(Kind::phone);
constexpr KindMask kPc = bit(Kind::computer);
constexpr KindMask kPhonePc = kPhone | kPc;

ExternalProfile profile(double dns, double https, double http, double ntp, double quic, double mqtt,
                        double activity, double stream = 0, double dns_public = 0.1,
                        double ntp_fixed = 0.5) {
  // The per-model numbers describe a typical device of the model; the factors scale the whole
  // population to the thesis' fractions of devices per external port (docs/simulator.md).
  ExternalProfile p;
  p.dns = dns * 0.75;
  p.dns_public = dns_public;
  p.https = https * 0.75;
  p.http = http * 0.75;
  p.ntp = ntp * 0.72;
  p.ntp_fixed_port = ntp_fixed;
  p.quic = quic * 0.66;
  p.mqtt = std::min(1.0, mqtt * 1.4);
  p.activity = activity;
  p.stream = stream;
  return p;
}

std::vector<DeviceModel> build_models() {
  std::vector<DeviceModel> m;
  auto add = [&m](DeviceModel model) { m.push_back(std::move(model)); };
  add({Kind::router,
       "Netgear",
       "router",
       "Nighthawk",
       0,
       {"3894ED", "100C6B", "78D294"},
       {"RBR50", "routerlogin"},
       {"router", "Netgear router"},
       {"netgear", "NETGEAR"},
       {"router"},
       CloudSet::iot,
       false,
       profile(0, 0, 0, 0, 0, 0, 0)});
  add({Kind::router,
       "AVM",
       "router",
       "FRITZ!Box 7590",
       0,
       {"989BCB", "BC0543", "0024FE"},
       {"fritz.box"},
       {"FritzBox"},
       {"AVM", "fritz"},
       {"router"},
       CloudSet::iot,
       false,
       profile(0, 0, 0, 0, 0, 0, 0)});
  add({Kind::router,
       "TP-Link",
       "router",
       "Archer C7",
       0,
       {"D03745", "603A7C", "54A703"},
       {"Archer_C7"},
       {"tplink router"},
       {"tp-link", "TP Link"},
       {"router"},
       CloudSet::iot,
       false,
       profile(0, 0, 0, 0, 0, 0, 0)});

  add({Kind::echo,
       "Amazon",
       "voice_assistant",
       "Echo Dot",
       9,
       {"68DBF5", "4C1744", "7C6166", "440049", "FCA667", "40B4CD"},
       {"amazon-######", "echo-dot", "amazon-######"},
       {"Echo Dot", "amazon echo dot 3rd gen", "Kitchen Echo", "Alexa", "Echo Show 5"},
       {"Amazon", "amazon.com", "amazon", "Amazon Alexa"},
       {"voice assistant", "smart speaker", "speaker", "Alexa"},
       CloudSet::amazon,
       false,
       profile(0.92, 0.97, 0.5, 0.5, 0.0, 0.0, 1.1, 0.25, 0.05, 0.2)});
  add({Kind::fire_tv,
       "Amazon",
       "media_tv",
       "Fire TV Stick",
       4,
       {"6854FD", "34D270", "74C246", "0C47C9"},
       {"amazon-######", "AFTMM"},
       {"Fire Stick", "Firestick", "fire tv", "Living room TV"},
       {"Amazon", "amazon.com"},
       {"TV", "streaming stick", "media"},
       CloudSet::amazon,
       false,
       profile(0.95, 0.97, 0.7, 0.6, 0.05, 0.0, 1.4, 0.6, 0.05, 0.2)});
  add({Kind::ring,
       "Amazon",
       "camera",
       "Ring Doorbell",
       3,
       {"54E019", "343EA4", "9C7613", "5C475E", "90486C"},
       {"RingDoorbell-##", "ring-######"},
       {"Ring Doorbell", "front door", "ring"},
       {"Ring", "ring.com", "Amazon"},
       {"doorbell", "camera"},
       CloudSet::ring,
       false,
       profile(0.95, 0.98, 0.3, 0.7, 0.0, 0.05, 1.2, 0.3)});
  add({Kind::google_home,
       "Google",
       "voice_assistant",
       "Google Home Mini",
       7,
       {"58CB52", "7CD95C", "3C8D20", "F4F5E8", "D4F547"},
       {"Google-Home", "Google-Home-Mini"},
       {"Google Home", "google home mini", "Kitchen speaker", "Nest Mini"},
       {"Google", "google", "Google Inc"},
       {"voice assistant", "speaker", "smart speaker"},
       CloudSet::google,
       false,
       profile(0.95, 0.9, 0.5, 0.4, 0.55, 0.0, 1.2, 0.2, 0.6)});
  add({Kind::chromecast,
       "Google",
       "media_tv",
       "Chromecast",
       5,
       {"883D24", "98D293", "3C5AB4"},
       {"Chromecast", "Chromecast-Ultra"},
       {"Chromecast", "TV chromecast", "Bedroom TV"},
       {"Google", "google"},
       {"media", "TV", "streaming"},
       CloudSet::google,
       false,
       profile(0.95, 0.9, 0.5, 0.4, 0.55, 0.0, 1.3, 0.6, 0.6)});
  add({Kind::nest,
       "Google",
       "thermostat_sensor",
       "Nest Thermostat",
       2,
       {"641666", "18B430"},
       {"Nest-Thermostat", "nest-######"},
       {"Nest", "thermostat", "Hallway Nest"},
       {"Nest", "google nest", "Google"},
       {"thermostat"},
       CloudSet::google,
       false,
       profile(0.9, 0.95, 0.2, 0.6, 0.0, 0.0, 0.8, 0, 0.3)});
  add({Kind::sonos,
       "Sonos",
       "media_tv",
       "Sonos One",
       4,
       {"542A1B", "7828CA", "00043C", "F0F6C1", "347E5C"},
       {"SonosZP", "Sonos-######"},
       {"Sonos", "Living Room Sonos", "sonos one", "Sonos Beam"},
       {"Sonos", "sonos"},
       {"speaker", "audio"},
       CloudSet::sonos,
       false,
       profile(0.9, 0.9, 0.6, 0.7, 0.0, 0.0, 1.0, 0.3)});
  add({Kind::hue,
       "Philips",
       "smart_home_hub",
       "Hue Bridge",
       3,
       {"001788", "ECB5FA"},
       {"Philips-hue", "hue-bridge"},
       {"Hue Bridge", "hue", "Philips Hue", "lights"},
       {"philips", "phillips", "philip's", "Philips Hue", "Signify"},
       {"hub", "lights", "bridge"},
       CloudSet::philips,
       false,
       profile(0.9, 0.95, 0.3, 0.8, 0.0, 0.0, 0.8, 0, 0.1, 0.3)});
  add({Kind::wemo,
       "Belkin",
       "plug_switch",
       "Wemo Mini",
       2,
       {"58EF68", "6038E0", "944452", "EC1A59"},
       {"wemo", "Wemo.Mini.###"},
       {"Wemo plug", "wemo", "lamp plug"},
       {"Belkin", "belkin", "wemo"},
       {"plug", "switch"},
       CloudSet::iot,
       true,
       profile(0.9, 0.9, 0.2, 0.5, 0.0, 0.0, 0.7)});
  add({Kind::roku,
       "Roku",
       "media_tv",
       "Roku Express",
       4,
       {"D04D2C", "B0A737", "9CFFBE", "B0EE7B", "D83134"},
       {"Roku-Express", "Roku-Ultra"},
       {"Roku", "roku express", "Bedroom Roku", "Living room TV"},
       {"Roku", "roku"},
       {"TV", "streaming", "media"},
       CloudSet::roku,
       false,
       profile(0.95, 0.95, 0.8, 0.5, 0.0, 0.0, 1.3, 0.6)});
  add({Kind::printer,
       "HP",
       "printer",
       "HP OfficeJet",
       2.5,
       {"883A30", "9C7BEF", "4CAEA3", "D8C7C8"},
       {"HP######", "HPOfficeJet"},
       {"printer", "HP printer", "Office printer"},
       {"HP", "hp", "Hewlett Packard"},
       {"printer"},
       CloudSet::printer,
       false,
       profile(0.7, 0.5, 0.5, 0.3, 0.0, 0.0, 0.3)});
  add({Kind::printer,
       "Canon",
       "printer",
       "Canon PIXMA",
       1.2,
       {"84BA3B", "60128B", "E4BAD9"},
       {"Canon######", "CanonMG3600"},
       {"canon printer", "Printer"},
       {"Canon", "canon"},
       {"printer"},
       CloudSet::printer,
       false,
       profile(0.6, 0.4, 0.4, 0.2, 0.0, 0.0, 0.3)});
  add({Kind::printer,
       "Brother",
       "printer",
       "Brother HL-L2350",
       0.8,
       {"008077", "3C2AF4", "30055C"},
       {"BRW######"},
       {"Brother printer", "laser printer"},
       {"Brother", "brother"},
       {"printer"},
       CloudSet::printer,
       false,
       profile(0.5, 0.3, 0.4, 0.4, 0.0, 0.0, 0.3)});
  add({Kind::camera,
       "Hikvision",
       "camera",
       "DS-2CD2042",
       1.2,
       {"4447CC", "5803FB", "BCAD28"},
       {"HIKVISION"},
       {"Garage cam", "IP camera", "hikvision"},
       {"Hikvision", "hik"},
       {"camera", "cam"},
       CloudSet::camera,
       false,
       profile(0.95, 0.9, 0.6, 0.9, 0.0, 0.25, 1.2, 0.4, 0.3)});
  add({Kind::camera,
       "Arlo",
       "camera",
       "Arlo Pro",
       1.2,
       {"FC9C98", "A41162"},
       {"Arlo-Base", "VMB4000"},
       {"Arlo", "Backyard camera"},
       {"Arlo", "netgear arlo"},
       {"camera"},
       CloudSet::camera,
       false,
       profile(0.95, 0.95, 0.3, 0.8, 0.0, 0.4, 1.2, 0.4)});
  add({Kind::camera,
       "D-Link",
       "camera",
       "DCS-8000LH",
       0.8,
       {"74DADA", "1062EB", "1C5F2B"},
       {"DCS-8000LH"},
       {"dlink camera", "Baby monitor"},
       {"D-Link", "dlink"},
       {"camera"},
       CloudSet::camera,
       false,
       profile(0.95, 0.8, 0.7, 0.8, 0.0, 0.0, 1.0, 0.3)});
  add({Kind::nas,
       "Synology",
       "storage_nas",
       "DS218+",
       1.2,
       {"001132", "9009D0"},
       {"DiskStation", "NAS"},
       {"NAS", "Synology", "diskstation"},
       {"Synology", "synology"},
       {"NAS", "storage"},
       CloudSet::nas,
       false,
       profile(0.95, 0.9, 0.7, 0.9, 0.0, 0.0, 1.0)});
  add({Kind::nas,
       "Western Digital",
       "storage_nas",
       "My Cloud",
       0.5,
       {"0090A9", "0014EE"},
       {"WDMyCloud"},
       {"My Cloud", "WD NAS"},
       {"WD", "western digital"},
       {"storage"},
       CloudSet::nas,
       false,
       profile(0.9, 0.8, 0.8, 0.9, 0.0, 0.0, 0.8)});
  add({Kind::harmony,
       "Logitech",
       "smart_home_hub",
       "Harmony Hub",
       1,
       {"C0288D", "000D44"},
       {"HarmonyHub"},
       {"Harmony Hub", "harmony", "remote hub"},
       {"Logitech", "logitech"},
       {"hub", "remote"},
       CloudSet::logitech,
       false,
       profile(0.9, 0.9, 0.3, 0.5, 0.0, 0.0, 0.7)});
  add({Kind::smart_tv,
       "Samsung",
       "media_tv",
       "Samsung Smart TV",
       3,
       {"D0D003", "7C8956", "88299C", "8C79F5"},
       {"Samsung", "[TV] Samsung"},
       {"Samsung TV", "Living room TV", "tv"},
       {"Samsung", "samsung"},
       {"TV", "smart tv"},
       CloudSet::samsung,
       false,
       profile(0.95, 0.95, 0.8, 0.6, 0.15, 0.0, 1.4, 0.6)});
  add({Kind::smart_tv,
       "LG",
       "media_tv",
       "LG webOS TV",
       2,
       {"201742", "ACF6F7", "64C2DE"},
       {"LGwebOSTV"},
       {"LG TV", "bedroom tv"},
       {"LG", "lg electronics"},
       {"TV"},
       CloudSet::lg_vizio,
       false,
       profile(0.95, 0.95, 0.8, 0.6, 0.1, 0.0, 1.3, 0.6)});
  add({Kind::smart_tv,
       "Vizio",
       "media_tv",
       "Vizio SmartCast",
       1,
       {"006B9E", "CC95D7", "3C9BD6"},
       {"VIZIOTV"},
       {"Vizio", "Family room TV"},
       {"Vizio", "VIZIO"},
       {"TV"},
       CloudSet::lg_vizio,
       false,
       profile(0.95, 0.9, 0.8, 0.6, 0.1, 0.0, 1.3, 0.6)});
  add({Kind::thermostat,
       "ecobee",
       "thermostat_sensor",
       "ecobee3 lite",
       1.5,
       {"446132"},
       {"ecobee"},
       {"Thermostat", "ecobee"},
       {"ecobee", "Ecobee"},
       {"thermostat"},
       CloudSet::ecobee,
       false,
       profile(0.9, 0.95, 0.1, 0.5, 0.0, 0.0, 0.6)});
  add({Kind::phone,
       "Apple",
       "computer_phone",
       "iPhone",
       10,
       {"608B0E", "88B291", "C42AD0", "CCD281", "1040F3"},
       {"iPhone", "Johns-iPhone", "iPad"},
       {"my iphone", "iPhone", "Mom's iPad"},
       {"Apple", "apple", "iphone"},
       {"phone", "tablet"},
       CloudSet::apple,
       true,
       profile(0.97, 0.99, 0.8, 0.2, 0.3, 0.0, 1.6, 0.3, 0.1, 0.1)});
  add({Kind::phone,
       "Samsung",
       "computer_phone",
       "Galaxy S10",
       6,
       {"FC039F", "D003DF", "8C79F5"},
       {"Galaxy-S10", "android-################"},
       {"Galaxy", "samsung phone"},
       {"Samsung", "samsung"},
       {"phone"},
       CloudSet::google,
       false,
       profile(0.97, 0.99, 0.8, 0.2, 0.6, 0.0, 1.6, 0.3, 0.2, 0.1)});
  add({Kind::computer,
       "Apple",
       "computer_phone",
       "MacBook Pro",
       4,
       {"586B14", "88B291", "608B0E"},
       {"MacBook-Pro", "Janes-MBP"},
       {"MacBook", "laptop"},
       {"Apple", "apple"},
       {"laptop", "computer"},
       CloudSet::apple,
       true,
       profile(0.99, 0.99, 0.9, 0.3, 0.4, 0.0, 1.8, 0.3, 0.1, 0.2)});
  add({Kind::computer,
       "Intel",
       "computer_phone",
       "Windows laptop",
       4,
       {"ACED5C", "34F64B", "9061AE", "E442A6"},
       {"DESKTOP-#######", "LAPTOP-#######"},
       {"work laptop", "PC", "Desktop"},
       {"Dell", "HP", "Lenovo"},
       {"computer", "laptop"},
       CloudSet::microsoft,
       true,
       profile(0.99, 0.99, 0.9, 0.3, 0.4, 0.0, 1.8, 0.3)});
  add({Kind::dyson,
       "Dyson",
       "thermostat_sensor",
       "Pure Cool Link",
       1,
       {"C8FF77", "446FF8"},
       {"DYSON-######"},
       {"Dyson fan", "dyson"},
       {"Dyson", "dyson"},
       {"fan", "air purifier"},
       CloudSet::dyson,
       false,
       profile(0.9, 0.3, 0.1, 0.3, 0.0, 0.9, 0.6)});
  add({Kind::wyze,
       "Wyze",
       "camera",
       "Wyze Cam v2",
       2,
       {"D03F27", "7C78B2", "2CAA8E"},
       {"WYZEC2", "WYZE_CAKP2JFUS"},
       {"Wyze cam", "wyze", "Nursery cam"},
       {"Wyze", "wyze"},
       {"camera"},
       CloudSet::wyze,
       false,
       profile(0.95, 0.95, 0.2, 0.8, 0.0, 0.0, 1.1, 0.4)});
  add({Kind::weather,
       "Ambient Weather",
       "thermostat_sensor",
       "WS-2902",
       0.5,
       {"246F28", "807D3A", "68C63A"},
       {"WS-2902"},
       {"Weather station", "ambient weather"},
       {"Ambient Weather", "ambient"},
       {"weather station", "sensor"},
       CloudSet::weather,
       false,
       profile(0.0, 0.2, 0.8, 0.4, 0.0, 0.0, 0.6)});
  add({Kind::plug,
       "TP-Link",
       "plug_switch",
       "Kasa HS105",
       3,
       {"B0BE76", "AC84C6", "34E894"},
       {"HS105", "HS100", "KP115"},
       {"smart plug", "Kasa plug", "Lamp"},
       {"TP-Link", "tplink", "kasa"},
       {"plug", "switch"},
       CloudSet::tplink,
       false,
       profile(0.9, 0.8, 0.1, 0.4, 0.0, 0.0, 0.6)});
  add({Kind::plug,
       "Tuya",
       "plug_switch",
       "Smart Plug",
       2.5,
       {"1C90FF", "D4A651", "10D561"},
       {"ESP_######", "wlan0"},
       {"smart plug", "Smart Life plug", "fan switch"},
       {"Tuya", "smart life", "Gosund"},
       {"plug", "outlet"},
       CloudSet::tuya,
       false,
       profile(0.9, 0.3, 0.1, 0.3, 0.0, 0.9, 0.5)});
  add({Kind::generic,
       "Espressif",
       "other",
       "ESP8266 device",
       2.5,
       {"246F28", "807D3A", "240AC4", "600194"},
       {"ESP_######", "espressif"},
       {"sensor", "thing", "garage opener"},
       {"espressif", "unknown"},
       {"iot", "sensor"},
       CloudSet::iot,
       false,
       profile(0.8, 0.5, 0.5, 0.3, 0.0, 0.2, 0.6)});
  add({Kind::generic,
       "Ubiquiti",
       "router",
       "UniFi AP",
       0.8,
       {"7483C2", "E063DA", "802AA8"},
       {"UAP-AC-Lite", "U6-Lite"},
       {"Access point", "Unifi"},
       {"ubiquiti", "ubnt"},
       {"access point", "router"},
       CloudSet::iot,
       false,
       profile(0.9, 0.8, 0.3, 0.9, 0.0, 0.0, 0.7)});
  return m;
}

LocalLink link(KindMask clients, KindMask servers, std::uint16_t port, bool udp,
               std::uint16_t client_port, double per_hour, Shape shape, Volume volume) {
  return LocalLink{clients, servers, port, udp, client_port, per_hour, shape, volume};
}

std::vector<LocalLink> build_links() {
  const Volume control{200, 900, 300, 1500};
  const Volume tiny{60, 180, 60, 240};
  const Volume media{300, 1200, 20000, 400000};
  const Volume print{20000, 200000, 300, 2000};
  const Volume files{500, 4000, 20000, 600000};
  std::vector<LocalLink> l;
  // Rates are flows per hour per server (clients drawn at random); for fixed client ports
  // (peers, Wyze's 38622) per client and server pair.
  // Amazon: 55443 is a server every Amazon device offers to the others; 55444 is a peer port.
  l.push_back(link(kAmazon, kAmazonMedia, 55443, false, 0, 1.2, Shape::medium, control));
  l.push_back(link(kAmazonMedia, kAmazonMedia, 55444, true, 55444, 0.3, Shape::brief, tiny));
  // Google cast and home: phones/computers and other Google devices.
  l.push_back(link(kPhonePc, kCast, 8008, false, 0, 0.5, Shape::brief, control));
  l.push_back(link(kPhonePc | kCast, kCast, 8009, false, 0, 0.6, Shape::medium, control));
  l.push_back(link(kGoogle, kCast, 10001, false, 0, 0.5, Shape::medium, control));
  l.push_back(link(kGoogle, kCast, 10001, true, 0, 0.3, Shape::brief, tiny));
  l.push_back(link(bit(Kind::wyze), kCast, 10001, false, 38622, 0.5, Shape::medium, control));
  l.push_back(link(kCast, bit(Kind::google_home), 2002, false, 0, 0.5, Shape::brief, control));
  l.push_back(
      link(kPhone | kCast, bit(Kind::google_home), 10101, false, 0, 0.4, Shape::brief, control));
  // Sonos.
  l.push_back(link(kPhonePc | bit(Kind::sonos), bit(Kind::sonos), 1400, false, 0, 1.2, Shape::brief,
                   control));
  l.push_back(link(kPhone, bit(Kind::sonos), 1443, false, 0, 0.4, Shape::medium, control));
  l.push_back(link(bit(Kind::sonos) | kPhonePc, bit(Kind::sonos), 12300, false, 0, 1.0,
                   Shape::brief, tiny));
  // Philips Hue bridge: HTTP API on 80 (phones, Echo, Harmony), HTTPS on 443 (Dyson, phones).
  l.push_back(link(kPhone | bit(Kind::echo) | bit(Kind::harmony), bit(Kind::hue), 80, false, 0, 1.5,
                   Shape::brief, control));
  l.push_back(
      link(kPhone | bit(Kind::dyson), bit(Kind::hue), 443, false, 0, 1.0, Shape::medium, control));
  l.push_back(link(bit(Kind::hue) | bit(Kind::wemo), bit(Kind::hue) | bit(Kind::wemo), 1900, true,
                   1900, 0.25, Shape::brief, tiny));
  // Wemo, Roku, Harmony, plugs, TVs.
  l.push_back(
      link(kPhone | bit(Kind::echo), bit(Kind::wemo), 49152, false, 0, 1.0, Shape::brief, control));
  l.push_back(link(kPhone | bit(Kind::harmony), bit(Kind::roku), 8060, false, 0, 1.2, Shape::brief,
                   control));
  l.push_back(link(kPhone, bit(Kind::harmony), 8088, false, 0, 1.0, Shape::brief, control));
  l.push_back(link(kPhone, bit(Kind::plug), 9999, false, 0, 1.0, Shape::brief, tiny));
  l.push_back(link(kPhonePc, bit(Kind::smart_tv), 8001, false, 0, 0.6, Shape::medium, control));
  l.push_back(link(kPhone, bit(Kind::smart_tv), 9000, false, 0, 0.5, Shape::brief, control));
  // Printers, cameras, NAS.
  l.push_back(link(kPc, bit(Kind::printer), 631, false, 0, 0.5, Shape::brief, control));
  l.push_back(link(kPc, bit(Kind::printer), 9100, false, 0, 0.2, Shape::medium, print));
  l.push_back(link(kPhonePc, bit(Kind::printer), 80, false, 0, 0.3, Shape::brief, control));
  l.push_back(
      link(kPhone | bit(Kind::nas), bit(Kind::camera), 554, false, 0, 0.3, Shape::lasting, media));
  l.push_back(link(kPhonePc, bit(Kind::camera), 80, false, 0, 0.3, Shape::brief, control));
  l.push_back(link(kPhone, bit(Kind::camera), 443, false, 0, 0.5, Shape::medium, control));
  l.push_back(link(kPc, bit(Kind::nas), 445, false, 0, 0.6, Shape::medium, files));
  l.push_back(link(kPhonePc, bit(Kind::nas), 5000, false, 0, 0.5, Shape::medium, control));
  l.push_back(link(kPc, bit(Kind::nas), 22, false, 0, 0.2, Shape::medium, control));
  l.push_back(link(kPhonePc, bit(Kind::nas), 443, false, 0, 0.4, Shape::brief, control));
  l.push_back(link(kPc, bit(Kind::nas), 80, false, 0, 0.3, Shape::brief, control));
  return l;
}

constexpr std::array<CloudName, 8> kAmazonNames{{
    {"avs-alexa-14-na.amazon.com", "amazon.com", "US", 52, 94},
    {"device-metrics-us.amazon.com", "amazon.com", "US", 54, 239},
    {"api.amazonalexa.com", "amazonalexa.com", "US", 52, 119},
    {"msh.amazon.com", "amazon.com", "US", 54, 239},
    {"unagi-na.amazon.com", "amazon.com", "US", 52, 46},
    {"dcape-na.amazon.com", "amazon.com", "US", 3, 231},
    {"d3p8zr0ffa9t17.cloudfront.net", "cloudfront.net", "US", 13, 33},
    {"fireoscaptiveportal.com", "fireoscaptiveportal.com", "US", 52, 85},
}};
constexpr std::array<CloudName, 7> kGoogleNames{{
    {"clients3.google.com", "google.com", "US", 142, 250},
    {"connectivitycheck.gstatic.com", "gstatic.com", "US", 172, 217},
    {"www.googleapis.com", "googleapis.com", "US", 142, 250},
    {"home-devices.googleapis.com", "googleapis.com", "US", 216, 58},
    {"clients4.google.com", "google.com", "US", 172, 217},
    {"r4---sn-p5qlsnsr.googlevideo.com", "googlevideo.com", "US", 173, 194},
    {"play.googleapis.com", "googleapis.com", "US", 216, 58},
}};
constexpr std::array<CloudName, 5> kAppleNames{{
    {"gateway.icloud.com", "icloud.com", "US", 17, 248},
    {"api-glb-use1b.smoot.apple.com", "apple.com", "US", 17, 253},
    {"gsp-ssl.ls.apple.com", "apple.com", "US", 17, 130},
    {"captive.apple.com", "apple.com", "US", 17, 253},
    {"init.itunes.apple.com", "apple.com", "US", 23, 40},
}};
constexpr std::array<CloudName, 4> kMicrosoftNames{{
    {"settings-win.data.microsoft.com", "microsoft.com", "US", 20, 42},
    {"login.live.com", "live.com", "US", 40, 126},
    {"www.msftconnecttest.com", "msftconnecttest.com", "US", 13, 107},
    {"v10.events.data.microsoft.com", "microsoft.com", "IE", 52, 168},
}};
constexpr std::array<CloudName, 4> kSamsungNames{{
    {"samsungcloudsolution.com", "samsungcloudsolution.com", "US", 34, 196},
    {"log-config.samsungacr.com", "samsungacr.com", "US", 52, 4},
    {"api.samsungcloud.com", "samsungcloud.com", "KR", 54, 180},
    {"time.samsungcloudsolution.com", "samsungcloudsolution.com", "US", 34, 196},
}};
constexpr std::array<CloudName, 3> kSonosNames{{
    {"msmetrics.ws.sonos.com", "sonos.com", "US", 54, 205},
    {"update.sonos.com", "sonos.com", "US", 52, 26},
    {"sonos.api.amazonalexa.com", "amazonalexa.com", "US", 52, 119},
}};
constexpr std::array<CloudName, 3> kPhilipsNames{{
    {"ws.meethue.com", "meethue.com", "NL", 52, 57},
    {"diagnostics.meethue.com", "meethue.com", "NL", 52, 57},
    {"firmware.meethue.com", "meethue.com", "NL", 35, 157},
}};
constexpr std::array<CloudName, 3> kRokuNames{{
    {"scribe.logs.roku.com", "roku.com", "US", 52, 21},
    {"api.roku.com", "roku.com", "US", 54, 164},
    {"captive.roku.com", "roku.com", "US", 52, 21},
}};
constexpr std::array<CloudName, 4> kStreamingNames{{
    {"ipv4-c001-ord001-ix.1.oca.nflxvideo.net", "nflxvideo.net", "US", 198, 38},
    {"api-global.netflix.com", "netflix.com", "US", 54, 155},
    {"dpm.demdex.net", "demdex.net", "US", 52, 17},
    {"spclient.wg.spotify.com", "spotify.com", "SE", 35, 186},
}};
constexpr std::array<CloudName, 3> kPrinterNames{{
    {"hpeprint.com", "hpeprint.com", "US", 15, 73},
    {"xmpp.hpeprint.com", "hpeprint.com", "US", 15, 73},
    {"gdlp01.c-wss.com", "c-wss.com", "JP", 23, 211},
}};
constexpr std::array<CloudName, 4> kCameraNames{{
    {"litedev.us.hik-connect.com", "hik-connect.com", "US", 52, 5},
    {"arlo.netgear.com", "netgear.com", "US", 34, 226},
    {"mydlink.com", "mydlink.com", "TW", 54, 186},
    {"vzwdt.arlo.com", "arlo.com", "US", 52, 202},
}};
constexpr std::array<CloudName, 3> kNasNames{{
    {"checkip.synology.com", "synology.com", "TW", 54, 186},
    {"global.quickconnect.to", "quickconnect.to", "TW", 119, 31},
    {"mycloud.com", "mycloud.com", "US", 54, 148},
}};
constexpr std::array<CloudName, 2> kLogitechNames{{
    {"svcs.myharmony.com", "myharmony.com", "US", 52, 24},
    {"logs.myharmony.com", "myharmony.com", "US", 52, 24},
}};
constexpr std::array<CloudName, 3> kLgVizioNames{{
    {"us.lgtvsdp.com", "lgtvsdp.com", "US", 52, 53},
    {"tvinteractive.tv", "tvinteractive.tv", "US", 52, 71},
    {"snu.lge.com", "lge.com", "KR", 165, 243},
}};
constexpr std::array<CloudName, 3> kIotNames{{
    {"iot.us-east-1.amazonaws.com", "amazonaws.com", "US", 34, 192},
    {"api.smartthings.com", "smartthings.com", "US", 52, 71},
    {"a2dpj9cxf4.iot.us-west-2.amazonaws.com", "amazonaws.com", "US", 54, 70},
}};
constexpr std::array<CloudName, 3> kRingNames{{
    {"fw.ring.com", "ring.com", "US", 52, 4},
    {"es.ring.com", "ring.com", "US", 54, 241},
    {"api.ring.com", "ring.com", "US", 52, 4},
}};
constexpr std::array<CloudName, 3> kWyzeNames{{
    {"api.wyzecam.com", "wyzecam.com", "US", 52, 36},
    {"s3-us-west-2.amazonaws.com", "amazonaws.com", "US", 52, 218},
    {"tutk.wyzecam.com", "wyzecam.com", "US", 50, 18},
}};
constexpr std::array<CloudName, 2> kEcobeeNames{{
    {"home.ecobee.com", "ecobee.com", "CA", 35, 182},
    {"api.ecobee.com", "ecobee.com", "CA", 35, 182},
}};
constexpr std::array<CloudName, 2> kTuyaNames{{
    {"m1.tuyaus.com", "tuyaus.com", "US", 52, 14},
    {"a1.tuyaus.com", "tuyaus.com", "US", 52, 14},
}};
constexpr std::array<CloudName, 2> kTplinkNames{{
    {"devs.tplinkcloud.com", "tplinkcloud.com", "US", 54, 183},
    {"n-devs.tplinkcloud.com", "tplinkcloud.com", "US", 54, 183},
}};
constexpr std::array<CloudName, 2> kDysonNames{{
    {"appapi.cp.dyson.com", "dyson.com", "GB", 35, 176},
    {"mqtt.cp.dyson.com", "dyson.com", "GB", 35, 176},
}};
constexpr std::array<CloudName, 2> kWeatherNames{{
    {"rtupdate.wunderground.com", "wunderground.com", "US", 23, 35},
    {"api.ambientweather.net", "ambientweather.net", "US", 104, 26},
}};

constexpr std::array<Resolver, 4> kResolvers{{
    {0x08080808u, {"dns.google", "dns.google", "US", 8, 8}},
    {0x01010101u, {"one.one.one.one", "one.one.one", "US", 1, 1}},
    {0x09090909u, {"dns9.quad9.net", "quad9.net", "CH", 9, 9}},
    {0xD043DEDEu, {"resolver1.opendns.com", "opendns.com", "US", 208, 67}},
}};

constexpr std::array<CloudName, 5> kNtpNames{{
    {"0.pool.ntp.org", "ntp.org", "US", 69, 89},
    {"time.google.com", "google.com", "US", 216, 239},
    {"time.apple.com", "apple.com", "US", 17, 253},
    {"time.windows.com", "windows.com", "US", 20, 101},
    {"time.nist.gov", "nist.gov", "US", 132, 163},
}};

}  // namespace

const std::vector<DeviceModel>& device_models() {
  static const std::vector<DeviceModel> models = build_models();
  return models;
}

const std::vector<LocalLink>& local_links() {
  static const std::vector<LocalLink> links = build_links();
  return links;
}

std::span<const CloudName> cloud_names(CloudSet set) {
  switch (set) {
    case CloudSet::amazon:
      return kAmazonNames;
    case CloudSet::google:
      return kGoogleNames;
    case CloudSet::apple:
      return kAppleNames;
    case CloudSet::microsoft:
      return kMicrosoftNames;
    case CloudSet::samsung:
      return kSamsungNames;
    case CloudSet::sonos:
      return kSonosNames;
    case CloudSet::philips:
      return kPhilipsNames;
    case CloudSet::roku:
      return kRokuNames;
    case CloudSet::streaming:
      return kStreamingNames;
    case CloudSet::printer:
      return kPrinterNames;
    case CloudSet::camera:
      return kCameraNames;
    case CloudSet::nas:
      return kNasNames;
    case CloudSet::logitech:
      return kLogitechNames;
    case CloudSet::lg_vizio:
      return kLgVizioNames;
    case CloudSet::ring:
      return kRingNames;
    case CloudSet::wyze:
      return kWyzeNames;
    case CloudSet::ecobee:
      return kEcobeeNames;
    case CloudSet::tuya:
      return kTuyaNames;
    case CloudSet::tplink:
      return kTplinkNames;
    case CloudSet::dyson:
      return kDysonNames;
    case CloudSet::weather:
      return kWeatherNames;
    case CloudSet::iot:
    case CloudSet::count:
      break;
  }
  return kIotNames;
}

std::span<const Resolver> public_resolvers() {
  return kResolvers;
}
std::span<const CloudName> ntp_servers() {
  return kNtpNames;
}

}  // namespace iotscope::sim
