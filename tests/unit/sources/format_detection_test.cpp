#include "sources/iotinspector/format_detection.hpp"

#include <gtest/gtest.h>

#include "dataset_test_support.hpp"

namespace iotscope {
namespace {

TEST(FormatDetection, RecognisesEachTableFromItsHeaderOrKeys) {
  struct Case {
    std::string head;
    std::string label;
  };
  const std::vector<Case> cases = {
      {"user_key,device_id,device_ip,device_oui\nA,s1,1.2.3.4,aabbcc\n",
       "iotinspector-v1-devices/csv"},
      {"ts\tprotocol\tuser_key\tdevice_id\tdevice_port\tremote_ip\tremote_port\tin_byte_count\t"
       "out_byte_count\n",
       "iotinspector-v1-flows/tsv"},
      {R"({"timestamp": 1, "src_ip_address": "a", "dest_ip_address": "b", "src_mac_address": )"
       R"("c", "dest_mac_address": "d", "src_port": 1, "dest_port": 2, "protocol": "tcp", )"
       R"("byte_count": 3})"
       "\n",
       "iotinspector-v3-network_flows/jsonl"},
      {"MAC_ADDRESS,Is_Inspected\n", "iotinspector-v3-devices/csv"},
  };
  for (const auto& c : cases) {
    const Detection d = detect_table_text(c.head, true);
    ASSERT_TRUE(d.table.has_value()) << c.head << d.error;
    EXPECT_EQ(format_label(*d.table), c.label);
  }
}

TEST(FormatDetection, SkipsByteOrderMarkAndBlankLinesAndHandlesCrlf) {
  const std::string head =
      "\xEF\xBB\xBF\r\n\"user_key\",device_id,device_ip,device_oui,extra\r\nA,s1,1.2.3.4,aa,x\r\n";
  const Detection d = detect_table_text(head, true);
  ASSERT_TRUE(d.table.has_value()) << d.error;
  EXPECT_EQ(d.table->format, RecordFormat::csv);
  EXPECT_EQ(d.table->data_line, 3U);
  EXPECT_EQ(head.substr(d.table->data_offset, 2), "A,");
  EXPECT_EQ(d.table->columns.slot_of_field,
            (std::vector<std::int8_t>{v1_device_col::user_key, v1_device_col::device_id,
                                      v1_device_col::device_ip, v1_device_col::device_oui, -1}));
}

TEST(FormatDetection, ExplainsWhatIsNotATable) {
  EXPECT_EQ(detect_table_text("a,b,c\n1,2,3\n", true).error,
            "no IoT Inspector table header found: expected the columns of a devices, flows or "
            "network_flows table (read as csv)");
  EXPECT_EQ(detect_table_text("{\"user_key\": 1,\n", true).error,
            "line 1: invalid JSON: expected a quoted key");
  const Detection d = detect_table_text("mac_address,ip_address\n", true);
  EXPECT_EQ(d.format, "unrecognised");
  EXPECT_EQ(d.error,
            "looks like an iotinspector-v3-devices table but lacks required columns: "
            "is_inspected (read as csv)");
}

}  // namespace
}  // namespace iotscope
