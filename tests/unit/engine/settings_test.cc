// Settings::Find remembers its recent answers; they must follow every SET, RESET and new
// custom setting, and names asked for through different strings must not mix.
#include "engine/settings.h"

#include <gtest/gtest.h>

#include <string>

namespace firn {
namespace {

TEST(SettingsTest, FindFollowsChangesAndNewSettings) {
  Settings s;
  EXPECT_EQ(s.Find("firn.now"), nullptr);
  EXPECT_EQ(s.Find("firn.now"), nullptr);  // remembered as absent
  s.Set("firn.now", "2024-01-01");         // a new custom setting
  ASSERT_NE(s.Find("firn.now"), nullptr);
  EXPECT_EQ(*s.Find("firn.now"), "2024-01-01");
  s.Set("firn.now", "2025-01-01");
  EXPECT_EQ(*s.Find("firn.now"), "2025-01-01");
  s.Reset("firn.now");
  EXPECT_EQ(*s.Find("firn.now"), "");

  ASSERT_NE(s.Find("extra_float_digits"), nullptr);
  EXPECT_EQ(*s.Find("extra_float_digits"), "1");
  s.Set("EXTRA_FLOAT_DIGITS", "3");
  EXPECT_EQ(*s.Find("extra_float_digits"), "3");
  EXPECT_EQ(*s.Find("Extra_Float_Digits"), "3");
  s.ResetAll();
  EXPECT_EQ(*s.Find("extra_float_digits"), "1");
}

TEST(SettingsTest, NamesInReusedBuffersDoNotMix) {
  Settings s;
  s.Set("app.a", "first");
  s.Set("app.b", "second");
  for (int round = 0; round < 20; round++) {  // more names than Find remembers
    for (const char* name : {"app.a", "app.b", "app.c"}) {
      std::string asked(name);  // a new buffer each time, often at the same address
      const std::string* value = s.Find(asked);
      if (asked == "app.a") {
        ASSERT_NE(value, nullptr);
        EXPECT_EQ(*value, "first");
      } else if (asked == "app.b") {
        ASSERT_NE(value, nullptr);
        EXPECT_EQ(*value, "second");
      } else {
        EXPECT_EQ(value, nullptr);
      }
    }
  }
}

}  // namespace
}  // namespace firn
