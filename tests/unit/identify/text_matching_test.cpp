#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "identify/edit_distance.hpp"
#include "identify/model_code_hints.hpp"
#include "identify/phrase_matcher.hpp"
#include "identify/tokenized_text.hpp"

namespace iotscope {
namespace {

std::vector<std::string> words_of(const TokenizedText& text) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < text.size(); ++i) words.emplace_back(text.word(i));
  return words;
}

TEST(TokenizedText, SplitsAtPunctuationAndCaseChangesAndDropsApostrophes) {
  using Words = std::vector<std::string>;
  EXPECT_EQ(words_of(TokenizedText("Philip's Hue-Bridge!")), (Words{"philips", "hue", "bridge"}));
  EXPECT_EQ(words_of(TokenizedText("RingDoorbell SonosZP")),
            (Words{"ring", "doorbell", "sonos", "zp"}));
  EXPECT_EQ(words_of(TokenizedText("EchoStar", TokenizedText::CaseSplit::keep)),
            (Words{"echostar"}));
  EXPECT_EQ(words_of(TokenizedText("philip\xE2\x80\x99s HS105")), (Words{"philips", "hs105"}));
  EXPECT_EQ(TokenizedText("TP-Link Kasa").span(0, 2), "tplink");
  EXPECT_TRUE(TokenizedText(" -- ").empty());
}

TEST(TokenizedText, StopsAtItsCapacityWithoutOverflowing) {
  const std::string many_words(2000, 'a');
  std::string spaced;
  for (int i = 0; i < 100; ++i) spaced += "w ";
  EXPECT_EQ(TokenizedText(many_words).size(), 1U);
  EXPECT_EQ(TokenizedText(many_words).word(0).size(), TokenizedText::kMaxChars);
  EXPECT_EQ(TokenizedText(spaced).size(), TokenizedText::kMaxWords);
}

TEST(WithinOneEdit, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_TRUE(within_one_edit("philips", "philips"));
  EXPECT_TRUE(within_one_edit("phillips", "philips"));
  EXPECT_TRUE(within_one_edit("phlips", "philips"));
  EXPECT_TRUE(within_one_edit("philops", "philips"));
  EXPECT_TRUE(within_one_edit("phiilps", "philips"));
  EXPECT_FALSE(within_one_edit("phlps", "philips"));
  EXPECT_FALSE(within_one_edit("pihlisp", "philips"));
  EXPECT_FALSE(within_one_edit("sonos", "sony"));
}

TEST(PhraseMatcher, RefusesAPhraseWithTwoMeanings) {
  const PhraseEntry entries[] = {{"Fire TV", 1}, {"firetv", 2}};
  EXPECT_THROW(PhraseMatcher{entries}, std::logic_error);
}

TEST(PhraseMatcher, CorrectsOneTypoOnlyInLongPhrasesAndNeverNoiseWords) {
  const PhraseEntry entries[] = {{"philips", 1}, {"hue", 2}, {"harmony", 3, false}};
  const std::string_view noise[] = {"phillipsburg"};
  const PhraseMatcher matcher(entries, noise);
  const auto fuzzy_values = [&](std::string_view text) {
    std::vector<int> values;
    matcher.for_each_fuzzy(TokenizedText(text),
                           [&](const PhraseMatch& m) { values.push_back(m.value); });
    return values;
  };
  EXPECT_EQ(fuzzy_values("phillips"), std::vector<int>{1});
  EXPECT_TRUE(fuzzy_values("hu").empty());       // short phrases must be exact
  EXPECT_TRUE(fuzzy_values("harmon").empty());   // not fuzzy by choice
  EXPECT_TRUE(fuzzy_values("philips").empty());  // exact, so not a typo
}

TEST(ModelCodeHint, KnowsFactoryHostNames) {
  EXPECT_EQ(model_code_hint("NPI1A2B3C")->vendor, "HP");
  EXPECT_EQ(model_code_hint("HS105")->type, DeviceType::plug_switch);
  EXPECT_EQ(model_code_hint("ESP_3F2A1B")->vendor, "Espressif");
  EXPECT_FALSE(model_code_hint("HS1050").has_value());
  EXPECT_FALSE(model_code_hint("NPI1A2B3").has_value());
  EXPECT_FALSE(model_code_hint("esp_3f2a1").has_value());
}

}  // namespace
}  // namespace iotscope
