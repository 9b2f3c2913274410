// Tests for parsing the StartupMessage "options" parameter.
#include "pgwire/startup_options.h"

#include <gtest/gtest.h>

namespace firn::pgwire {
namespace {

TEST(StartupOptionsTest, SplitsOnWhitespaceWithBackslashEscapes) {
  EXPECT_EQ(SplitStartupOptions("  -c a=b\t--x=y  "),
            (std::vector<std::string>{"-c", "a=b", "--x=y"}));
  EXPECT_EQ(SplitStartupOptions("-c search_path=a\\ b"),
            (std::vector<std::string>{"-c", "search_path=a b"}));
  EXPECT_EQ(SplitStartupOptions("a\\\\b"), (std::vector<std::string>{"a\\b"}));
  EXPECT_TRUE(SplitStartupOptions("   ").empty());
}

TEST(StartupOptionsTest, ParsesAllSettingForms) {
  auto r = ParseStartupOptions("-c DateStyle=ISO -cTimeZone=UTC --extra-float-digits=3");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value(),
            (SettingList{{"DateStyle", "ISO"}, {"TimeZone", "UTC"}, {"extra_float_digits", "3"}}));
}

TEST(StartupOptionsTest, ValueMayContainEqualsAndBeEmpty) {
  auto r = ParseStartupOptions("-c application_name=a=b -c search_path=");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), (SettingList{{"application_name", "a=b"}, {"search_path", ""}}));
}

TEST(StartupOptionsTest, RejectsUnknownSwitchesAndMissingValues) {
  EXPECT_FALSE(ParseStartupOptions("-B 100").ok());
  EXPECT_FALSE(ParseStartupOptions("-c").ok());
  EXPECT_FALSE(ParseStartupOptions("-c work_mem").ok());
  EXPECT_FALSE(ParseStartupOptions("--=3").ok());
  EXPECT_FALSE(ParseStartupOptions("plain").ok());
  EXPECT_EQ(ParseStartupOptions("--geqo").status().message(), "--geqo requires a value");
}

TEST(StartupOptionsTest, EmptyOptionsGiveNoSettings) {
  auto r = ParseStartupOptions("");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().empty());
}

}  // namespace
}  // namespace firn::pgwire
