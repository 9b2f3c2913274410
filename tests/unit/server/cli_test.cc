// Tests for `firn` command-line parsing and listen-address handling.
#include "server/cli.h"

#include <gtest/gtest.h>

#include <map>

#include "server/listen_address.h"

namespace firn::server {
namespace {

CliCommand Parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return ParseCommandLine(args, [env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(CliTest, HelpAndVersion) {
  EXPECT_EQ(Parse({}).kind, CliCommand::Kind::kHelp);
  EXPECT_EQ(Parse({"--help"}).kind, CliCommand::Kind::kHelp);
  EXPECT_EQ(Parse({"-h"}).kind, CliCommand::Kind::kHelp);
  EXPECT_EQ(Parse({"--version"}).kind, CliCommand::Kind::kVersion);
  EXPECT_EQ(Parse({"serve", "--help"}).kind, CliCommand::Kind::kServeHelp);
  EXPECT_EQ(Parse({"serve", "--port", "1", "--help"}).kind, CliCommand::Kind::kServeHelp);
  EXPECT_NE(ServeHelpText().find("FIRN_PASSWORD"), std::string::npos);
  EXPECT_NE(VersionText().find("firn"), std::string::npos);
}

TEST(CliTest, ServeDefaults) {
  CliCommand c = Parse({"serve"});
  ASSERT_EQ(c.kind, CliCommand::Kind::kServe);
  EXPECT_EQ(c.serve.listen, "127.0.0.1");
  EXPECT_EQ(c.serve.port, 5433);
  EXPECT_EQ(c.serve.data_dir, "./firn-data");
  EXPECT_EQ(c.serve.password, "");
  EXPECT_EQ(c.serve.log_level, LogLevel::kInfo);
}

TEST(CliTest, FlagsInBothForms) {
  CliCommand c = Parse({"serve", "--listen", "::1", "--port=6000", "--data", "/tmp/d",
                        "--password=s3cret", "--log-level", "debug"});
  ASSERT_EQ(c.kind, CliCommand::Kind::kServe) << c.error;
  EXPECT_EQ(c.serve.listen, "::1");
  EXPECT_EQ(c.serve.port, 6000);
  EXPECT_EQ(c.serve.data_dir, "/tmp/d");
  EXPECT_EQ(c.serve.password, "s3cret");
  EXPECT_EQ(c.serve.log_level, LogLevel::kDebug);
}

TEST(CliTest, EnvironmentAndFlagsOverrideIt) {
  std::map<std::string, std::string> env = {{"FIRN_LISTEN", "0.0.0.0"},
                                            {"FIRN_PORT", "7000"},
                                            {"FIRN_DATA", "/env"},
                                            {"FIRN_PASSWORD", "pw"},
                                            {"FIRN_LOG_LEVEL", "warning"}};
  CliCommand c = Parse({"serve"}, env);
  ASSERT_EQ(c.kind, CliCommand::Kind::kServe);
  EXPECT_EQ(c.serve.listen, "0.0.0.0");
  EXPECT_EQ(c.serve.port, 7000);
  EXPECT_EQ(c.serve.data_dir, "/env");
  EXPECT_EQ(c.serve.password, "pw");
  EXPECT_EQ(c.serve.log_level, LogLevel::kWarning);
  c = Parse({"serve", "--port", "7001", "--password", ""}, env);
  EXPECT_EQ(c.serve.port, 7001);
  EXPECT_EQ(c.serve.password, "");
  EXPECT_EQ(c.serve.data_dir, "/env");
}

TEST(CliTest, StorageSizes) {
  CliCommand c = Parse({"serve"});
  EXPECT_EQ(c.serve.cache_mb, 1024);
  EXPECT_EQ(c.serve.checkpoint_mb, 256);
  c = Parse({"serve", "--cache-mb", "64", "--checkpoint-mb=8"}, {{"FIRN_CACHE_MB", "32"}});
  ASSERT_EQ(c.kind, CliCommand::Kind::kServe) << c.error;
  EXPECT_EQ(c.serve.cache_mb, 64);
  EXPECT_EQ(c.serve.checkpoint_mb, 8);
  EXPECT_EQ(Parse({"serve"}, {{"FIRN_CACHE_MB", "32"}}).serve.cache_mb, 32);
  EXPECT_EQ(Parse({"serve", "--cache-mb", "0"}).kind, CliCommand::Kind::kError);
  EXPECT_NE(ServeHelpText().find("--cache-mb"), std::string::npos);
}

TEST(CliTest, MaxConnections) {
  EXPECT_EQ(Parse({"serve"}).serve.max_connections, 1000);
  CliCommand c = Parse({"serve", "--max-connections", "3"}, {{"FIRN_MAX_CONNECTIONS", "9"}});
  ASSERT_EQ(c.kind, CliCommand::Kind::kServe) << c.error;
  EXPECT_EQ(c.serve.max_connections, 3);
  EXPECT_EQ(Parse({"serve"}, {{"FIRN_MAX_CONNECTIONS", "9"}}).serve.max_connections, 9);
  EXPECT_EQ(Parse({"serve", "--max-connections", "0"}).kind, CliCommand::Kind::kError);
  EXPECT_EQ(Parse({"serve", "--max-connections", "x"}).kind, CliCommand::Kind::kError);
  EXPECT_NE(ServeHelpText().find("--max-connections"), std::string::npos);
}

TEST(CliTest, Errors) {
  EXPECT_EQ(Parse({"bogus"}).kind, CliCommand::Kind::kError);
  EXPECT_EQ(Parse({"serve", "--port"}).kind, CliCommand::Kind::kError);
  EXPECT_EQ(Parse({"serve", "--port", "70000"}).kind, CliCommand::Kind::kError);
  EXPECT_EQ(Parse({"serve", "--port", "12x"}).kind, CliCommand::Kind::kError);
  EXPECT_EQ(Parse({"serve", "--log-level", "loud"}).kind, CliCommand::Kind::kError);
  EXPECT_EQ(Parse({"serve", "--frobnicate", "1"}).kind, CliCommand::Kind::kError);
  EXPECT_EQ(Parse({"serve", "stray"}).kind, CliCommand::Kind::kError);
  EXPECT_EQ(Parse({"serve", "--data="}).kind, CliCommand::Kind::kError);
  CliCommand c = Parse({"serve"}, {{"FIRN_PORT", "nope"}});
  EXPECT_EQ(c.kind, CliCommand::Kind::kError);
  EXPECT_NE(c.error.find("FIRN_PORT"), std::string::npos);
}

TEST(ListenAddressTest, LoopbackDetection) {
  auto v4 = ResolveListenAddress("127.0.0.1", 5433);
  ASSERT_TRUE(v4.ok());
  EXPECT_TRUE(AllLoopback(v4.value()));
  auto v6 = ResolveListenAddress("::1", 5433);
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(AllLoopback(v6.value()));
  auto any = ResolveListenAddress("0.0.0.0", 5433);
  ASSERT_TRUE(any.ok());
  EXPECT_FALSE(AllLoopback(any.value()));
  auto all = ResolveListenAddress("*", 5433);
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE(AllLoopback(all.value()));
  auto other = ResolveListenAddress("10.1.2.3", 5433);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(AllLoopback(other.value()));
  EXPECT_FALSE(ResolveListenAddress("not an address!", 5433).ok());
}

TEST(ListenAddressTest, FormatsAddresses) {
  auto v4 = ResolveListenAddress("127.0.0.1", 5433);
  ASSERT_TRUE(v4.ok());
  const SocketAddress& a = v4.value()[0];
  EXPECT_EQ(FormatAddress(reinterpret_cast<const sockaddr*>(&a.storage), a.length),
            "127.0.0.1:5433");
  auto v6 = ResolveListenAddress("::1", 6000);
  ASSERT_TRUE(v6.ok());
  const SocketAddress& b = v6.value()[0];
  EXPECT_EQ(FormatAddress(reinterpret_cast<const sockaddr*>(&b.storage), b.length), "[::1]:6000");
}

}  // namespace
}  // namespace firn::server
