// Settings::Find remembers its recent answers; they must follow every SET, RESET and new
// custom setting, and names asked for through different strings must not mix. Millisecond
// settings read PostgreSQL's units and keep the form SHOW prints.
#include "engine/settings.h"

#include <gtest/gtest.h>

#include <string>

#include "common/sql_error.h"

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

TEST(SettingsTest, MillisecondSettingsReadUnitsAndShowTheLargestThatDivides) {
  Settings settings;
  struct Case {
    const char* in;
    const char* shown;
    int64_t millis;
  };
  for (const Case& c :
       {Case{"0", "0", 0}, Case{"60000", "1min", 60000}, Case{" 1500 ", "1500ms", 1500},
        Case{"2 h", "2h", 7200000}, Case{"1.5s", "1500ms", 1500}, Case{"3000000us", "3s", 3000},
        Case{"2d", "2d", 172800000}, Case{"90s", "90s", 90000}}) {
    settings.Set("statement_timeout", c.in);
    EXPECT_EQ(*settings.Get("statement_timeout"), c.shown) << c.in;
    EXPECT_EQ(Settings::Millis(*settings.Get("statement_timeout")), c.millis) << c.in;
  }
  for (const char* bad : {"soon", "", "5 parsecs", "-1", "3000000000", "1e400", "5MS"}) {
    try {
      settings.Set("statement_timeout", bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const SqlError& e) {
      EXPECT_EQ(e.sqlstate(), "22023") << bad;
    }
    EXPECT_EQ(*settings.Get("statement_timeout"), "90s") << "unchanged after " << bad;
  }
  settings.Set("lock_timeout", "10s");
  EXPECT_EQ(*settings.Get("lock_timeout"), "10s");
}

}  // namespace
}  // namespace firn
