// End-to-end tests of the Connection state machine against a real Database, driven over a
// socketpair by the minimal client in wire_client.h: startup, authentication (trust and
// SCRAM-SHA-256), simple and extended query, error recovery, COPY and bad input.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include "common/base64.h"
#include "pgwire/protocol.h"
#include "wire_client.h"

namespace firn::pgwire {
namespace {

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenDatabase(""); }
  void OpenDatabase(const std::string& password) {
    database_.reset();
    DatabaseOptions options;
    // A fresh folder per test: the database is durable, so a reused one would bring back
    // the previous test's tables.
    std::filesystem::remove_all(DataDir());
    options.data_dir = DataDir();
    options.superuser_password = password;
    options.logger = &logger_;
    database_ = std::make_unique<Database>(options);
  }
  void TearDown() override {
    database_.reset();
    std::filesystem::remove_all(DataDir());
  }
  static std::string DataDir() {
    return (std::filesystem::temp_directory_path() /
            ("firn-pgwire-test-" + std::to_string(::getpid())))
        .string();
  }
  std::unique_ptr<WireTestHarness> Connect(bool allow_trust = true) {
    return std::make_unique<WireTestHarness>(database_.get(), &registry_, &logger_, allow_trust);
  }

  Logger logger_{LogLevel::kError};
  CancelRegistry registry_;
  std::unique_ptr<Database> database_;
};

std::string QueryMessage(const std::string& sql) { return FrontendBuilder().Str(sql).Message('Q'); }

TEST_F(ConnectionTest, SslRequestIsDeclinedThenStartupSucceeds) {
  auto c = Connect();
  c->Send(FrontendBuilder().Int32(kSslRequestCode).Startup());
  std::string answer;
  ASSERT_TRUE(c->ReadExact(1, &answer));
  EXPECT_EQ(answer, "N");
  c->Send(FrontendBuilder().Int32(kGssEncRequestCode).Startup());
  ASSERT_TRUE(c->ReadExact(1, &answer));
  EXPECT_EQ(answer, "N");
  auto msgs = c->Login();
  std::string types = WireTestHarness::Types(msgs);
  ASSERT_GE(types.size(), 3u);
  EXPECT_EQ(types.front(), 'R');
  EXPECT_EQ(msgs.front().body, std::string(4, '\0'));  // AuthenticationOk
  EXPECT_NE(types.find('S'), std::string::npos);       // ParameterStatus
  EXPECT_EQ(types.substr(types.size() - 2), "KZ");
  EXPECT_EQ(msgs.back().body, "I");
  bool saw_version = false;
  for (const auto& m : msgs) {
    if (m.type == 'S' && m.body.starts_with(std::string("server_version\0", 15))) {
      saw_version = true;
    }
  }
  EXPECT_TRUE(saw_version);
}

TEST_F(ConnectionTest, UnknownDatabaseIsFatal3D000) {
  auto c = Connect();
  c->Send(c->StartupPacket("firn", "nope"));
  auto msgs = c->ReadUntilReady();
  ASSERT_FALSE(msgs.empty());
  EXPECT_EQ(msgs.back().type, 'E');
  EXPECT_EQ(msgs.back().Field('S'), "FATAL");
  EXPECT_EQ(msgs.back().Field('C'), "3D000");
  EXPECT_EQ(msgs.back().Field('M'), "database \"nope\" does not exist");
}

TEST_F(ConnectionTest, UnknownRoleWithTrustIs28000) {
  auto c = Connect();
  c->Send(c->StartupPacket("ghost"));
  auto msgs = c->ReadUntilReady();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].Field('C'), "28000");
  EXPECT_EQ(msgs[0].Field('M'), "role \"ghost\" does not exist");
}

TEST_F(ConnectionTest, PasswordlessRoleWithoutTrustGetsSaslChallenge) {
  auto c = Connect(/*allow_trust=*/false);
  c->Send(c->StartupPacket("firn"));
  BackendMessage m = c->Read();
  EXPECT_EQ(m.type, 'R');
  EXPECT_EQ(m.body, std::string("\0\0\0\x0aSCRAM-SHA-256\0\0", 19));
}

TEST_F(ConnectionTest, StartupWithoutUserIsFatal) {
  auto c = Connect();
  c->Send(FrontendBuilder().Int32(3 << 16).Str("database").Str("firn").Str("").Startup());
  auto msgs = c->ReadUntilReady();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].Field('C'), "28000");
}

TEST_F(ConnectionTest, UnsupportedProtocolVersionIsFatal) {
  auto c = Connect();
  c->Send(FrontendBuilder().Int32(2 << 16).Str("").Startup());
  auto msgs = c->ReadUntilReady();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].Field('C'), "0A000");
}

TEST_F(ConnectionTest, MinorVersionIsNegotiatedDown) {
  auto c = Connect();
  FrontendBuilder b;
  b.Int32((3 << 16) | 2).Str("user").Str("firn").Str("_pq_.fancy").Str("1").Str("");
  c->Send(b.Startup());
  auto msgs = c->ReadUntilReady();
  ASSERT_FALSE(msgs.empty());
  EXPECT_EQ(msgs[0].type, 'v');
  EXPECT_EQ(msgs[0].body, std::string("\0\0\0\0\0\0\0\x01_pq_.fancy\0", 19));
  EXPECT_EQ(msgs.back().type, 'Z');
}

TEST_F(ConnectionTest, BadStartupOptionsAreFatal) {
  auto c = Connect();
  c->Send(c->StartupPacket("firn", "firn", {{"options", "-B 12"}}));
  auto msgs = c->ReadUntilReady();
  ASSERT_FALSE(msgs.empty());
  EXPECT_EQ(msgs.back().Field('C'), "42601");
}

TEST_F(ConnectionTest, GarbageStartupPacketIsFatal08P01) {
  auto c = Connect();
  c->Send(std::string("\x7f\xff\xff\xff garbage", 12));
  auto msgs = c->ReadUntilReady();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].Field('C'), "08P01");
}

// ---- SCRAM ----

std::string Hmac(const std::string& key, const std::string& data) {
  unsigned char out[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

// Runs the client side of SCRAM-SHA-256 with `password`; returns the final messages.
std::vector<BackendMessage> ScramLogin(WireTestHarness& c, const std::string& user,
                                       const std::string& password) {
  c.Send(c.StartupPacket(user));
  BackendMessage sasl = c.Read();
  EXPECT_EQ(sasl.type, 'R');
  const std::string client_first_bare = "n=,r=clientnonce123";
  std::string first = "n,," + client_first_bare;
  c.Send(FrontendBuilder()
             .Str("SCRAM-SHA-256")
             .Int32(static_cast<int64_t>(first.size()))
             .Bytes(first)
             .Message('p'));
  BackendMessage cont = c.Read();
  if (cont.type != 'R') return {cont};
  std::string server_first = cont.body.substr(4);
  // r=<nonce>,s=<salt>,i=<iterations>
  size_t s_at = server_first.find(",s="), i_at = server_first.find(",i=");
  std::string nonce = server_first.substr(2, s_at - 2);
  std::string salt = *Base64Decode(server_first.substr(s_at + 3, i_at - s_at - 3));
  int iterations = std::stoi(server_first.substr(i_at + 3));
  unsigned char salted[32];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(), 32, salted);
  std::string salted_password(reinterpret_cast<char*>(salted), 32);
  std::string client_key = Hmac(salted_password, "Client Key");
  unsigned char stored[32];
  SHA256(reinterpret_cast<const unsigned char*>(client_key.data()), 32, stored);
  std::string final_without_proof = "c=biws,r=" + nonce;
  std::string auth_message = client_first_bare + "," + server_first + "," + final_without_proof;
  std::string signature = Hmac(std::string(reinterpret_cast<char*>(stored), 32), auth_message);
  std::string proof(32, '\0');
  for (int i = 0; i < 32; ++i) proof[i] = client_key[i] ^ signature[i];
  c.Send(FrontendBuilder().Bytes(final_without_proof + ",p=" + Base64Encode(proof)).Message('p'));
  return c.ReadUntilReady();
}

TEST_F(ConnectionTest, ScramWithCorrectPasswordLogsIn) {
  OpenDatabase("s3cret");
  auto c = Connect(/*allow_trust=*/false);
  auto msgs = ScramLogin(*c, "firn", "s3cret");
  ASSERT_GE(msgs.size(), 3u);
  EXPECT_EQ(msgs[0].type, 'R');
  EXPECT_TRUE(msgs[0].body.starts_with(std::string("\0\0\0\x0cv=", 6)));  // SASLFinal
  EXPECT_EQ(msgs[1].type, 'R');
  EXPECT_EQ(msgs[1].body, std::string(4, '\0'));  // AuthenticationOk
  EXPECT_EQ(msgs.back().type, 'Z');
}

TEST_F(ConnectionTest, ScramWithWrongPasswordIs28P01) {
  OpenDatabase("s3cret");
  auto c = Connect(/*allow_trust=*/true);  // a role with a password always needs it
  auto msgs = ScramLogin(*c, "firn", "wrong");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].Field('C'), "28P01");
  EXPECT_EQ(msgs[0].Field('M'), "password authentication failed for user \"firn\"");
}

TEST_F(ConnectionTest, UnknownRoleWithoutTrustFailsLikeAWrongPassword) {
  auto c = Connect(/*allow_trust=*/false);
  auto msgs = ScramLogin(*c, "ghost", "anything");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].Field('C'), "28P01");
}

// ---- queries ----

TEST_F(ConnectionTest, SimpleQuerySelectOne) {
  auto c = Connect();
  c->Login();
  c->Send(QueryMessage("select 1 as x"));
  auto msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "TDCZ");
  EXPECT_EQ(msgs[1].body, std::string("\0\x01\0\0\0\x01"
                                      "1",
                                      7));
  EXPECT_EQ(msgs[2].body, std::string("SELECT 1\0", 9));
}

TEST_F(ConnectionTest, SimpleQueryStopsAtFirstErrorThenReady) {
  auto c = Connect();
  c->Login();
  c->Send(QueryMessage("select 1; select * from nope; select 3"));
  auto msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "TDCEZ");
  EXPECT_EQ(msgs[3].Field('C'), "42P01");
  EXPECT_EQ(msgs[3].Field('P'), "25");
}

TEST_F(ConnectionTest, SyntaxErrorFailsTheWholeStringWithPosition) {
  auto c = Connect();
  c->Login();
  c->Send(QueryMessage("select 1; selec 2"));
  auto msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "EZ");
  EXPECT_EQ(msgs[0].Field('C'), "42601");
  EXPECT_EQ(msgs[0].Field('P'), "11");
}

TEST_F(ConnectionTest, EmptyQuery) {
  auto c = Connect();
  c->Login();
  c->Send(QueryMessage(""));
  EXPECT_EQ(WireTestHarness::Types(c->ReadUntilReady()), "IZ");
}

TEST_F(ConnectionTest, TransactionStatusIsReported) {
  auto c = Connect();
  c->Login();
  c->Send(QueryMessage("begin"));
  EXPECT_EQ(c->ReadUntilReady().back().body, "T");
  c->Send(QueryMessage("select 1/0"));
  auto msgs = c->ReadUntilReady();
  EXPECT_EQ(msgs.back().body, "E");
  c->Send(QueryMessage("rollback"));
  EXPECT_EQ(c->ReadUntilReady().back().body, "I");
}

std::string Parse(const std::string& name, const std::string& sql, std::vector<int> oids = {}) {
  FrontendBuilder b;
  b.Str(name).Str(sql).Int16(static_cast<int>(oids.size()));
  for (int oid : oids) b.Int32(oid);
  return b.Message('P');
}
std::string Bind(const std::string& portal, const std::string& stmt,
                 std::vector<std::string> text_params = {}, std::vector<int> result_formats = {}) {
  FrontendBuilder b;
  b.Str(portal).Str(stmt).Int16(0).Int16(static_cast<int>(text_params.size()));
  for (auto& p : text_params) b.Int32(static_cast<int64_t>(p.size())).Bytes(p);
  b.Int16(static_cast<int>(result_formats.size()));
  for (int f : result_formats) b.Int16(f);
  return b.Message('B');
}
std::string Describe(char kind, const std::string& name) {
  return FrontendBuilder().Bytes(std::string(1, kind)).Str(name).Message('D');
}
std::string Execute(const std::string& portal, int max_rows = 0) {
  return FrontendBuilder().Str(portal).Int32(max_rows).Message('E');
}
std::string Sync() { return FrontendBuilder().Message('S'); }

TEST_F(ConnectionTest, ExtendedQueryRoundTrip) {
  auto c = Connect();
  c->Login();
  c->Send(Parse("s1", "select $1::int + 1 as y", {23}) + Describe('S', "s1") +
          Bind("", "s1", {"41"}) + Describe('P', "") + Execute("") + Sync());
  auto msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "1tT2TDCZ");
  EXPECT_EQ(msgs[1].body, std::string("\0\x01\0\0\0\x17", 6));
  EXPECT_EQ(msgs[5].body, std::string("\0\x01\0\0\0\x02"
                                      "42",
                                      8));
  // Binary result format.
  c->Send(Bind("", "s1", {"1"}, {1}) + Execute("") + Sync());
  msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "2DCZ");
  EXPECT_EQ(msgs[1].body, std::string("\0\x01\0\0\0\x04\0\0\0\x02", 10));
}

TEST_F(ConnectionTest, ExecuteWithRowLimitSuspends) {
  auto c = Connect();
  c->Login();
  c->Send(Parse("", "select * from generate_series(1, 5)") + Bind("", "") + Execute("", 2) +
          Execute("", 2) + Execute("", 2) + Sync());
  auto msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "12DDsDDsDCZ");
}

TEST_F(ConnectionTest, ErrorSkipsUntilSync) {
  auto c = Connect();
  c->Login();
  c->Send(Parse("", "select nonsense from nowhere") + Bind("", "") + Execute("") + Sync() +
          Parse("", "select 7") + Bind("", "") + Execute("") + Sync());
  auto msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "EZ");
  EXPECT_EQ(msgs[0].Field('C'), "42P01");
  msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "12DCZ");
}

TEST_F(ConnectionTest, DuplicateAndMissingStatementsAndPortals) {
  auto c = Connect();
  c->Login();
  c->Send(Parse("s", "select 1") + Parse("s", "select 2") + Sync());
  auto msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "1EZ");
  EXPECT_EQ(msgs[1].Field('C'), "42P05");
  c->Send(Bind("", "missing") + Sync());
  msgs = c->ReadUntilReady();
  EXPECT_EQ(msgs[0].Field('C'), "26000");
  c->Send(Execute("nope") + Sync());
  msgs = c->ReadUntilReady();
  EXPECT_EQ(msgs[0].Field('C'), "34000");
  c->Send(Bind("", "s", {}, {0, 1}) + Sync());  // 2 result formats for 1 column
  msgs = c->ReadUntilReady();
  EXPECT_EQ(msgs[0].Field('C'), "08P01");
  // Close, then the name is free again; closing twice is fine.
  c->Send(FrontendBuilder().Bytes("S").Str("s").Message('C') +
          FrontendBuilder().Bytes("S").Str("s").Message('C') + Parse("s", "select 3") + Sync());
  EXPECT_EQ(WireTestHarness::Types(c->ReadUntilReady()), "331Z");
}

TEST_F(ConnectionTest, CopyInAndOut) {
  auto c = Connect();
  c->Login();
  c->Send(QueryMessage("create table t (a int, b text)"));
  c->ReadUntilReady();
  c->Send(QueryMessage("copy t from stdin"));
  BackendMessage m = c->Read();
  ASSERT_EQ(m.type, 'G');
  c->Send(FrontendBuilder().Bytes("1\tone\n2\t").Message('d') +
          FrontendBuilder().Bytes("two\n").Message('d') + FrontendBuilder().Message('H') +
          FrontendBuilder().Message('c'));
  auto msgs = c->ReadUntilReady();
  ASSERT_EQ(WireTestHarness::Types(msgs), "CZ");
  EXPECT_EQ(msgs[0].body, std::string("COPY 2\0", 7));
  c->Send(QueryMessage("copy t to stdout"));
  msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "HddcCZ");
  EXPECT_EQ(msgs[1].body + msgs[2].body, "1\tone\n2\ttwo\n");
}

TEST_F(ConnectionTest, CopyFailAbortsAndLeftoverDataIsIgnored) {
  auto c = Connect();
  c->Login();
  c->Send(QueryMessage("create table u (a int)"));
  c->ReadUntilReady();
  c->Send(QueryMessage("copy u from stdin"));
  ASSERT_EQ(c->Read().type, 'G');
  c->Send(FrontendBuilder().Str("client gave up").Message('f'));
  auto msgs = c->ReadUntilReady();
  ASSERT_EQ(WireTestHarness::Types(msgs), "EZ");
  EXPECT_EQ(msgs[0].Field('C'), "57014");
  c->Send(FrontendBuilder().Bytes("stray\n").Message('d') + FrontendBuilder().Message('c') +
          QueryMessage("select count(*) from u"));
  msgs = c->ReadUntilReady();
  EXPECT_EQ(WireTestHarness::Types(msgs), "TDCZ");
}

TEST_F(ConnectionTest, MalformedMessageIsFatal08P01) {
  auto c = Connect();
  c->Login();
  c->Send(FrontendBuilder().Str("").Str("select 1").Int16(5).Message('P'));  // 5 oids missing
  auto msgs = c->ReadUntilReady();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].Field('S'), "FATAL");
  EXPECT_EQ(msgs[0].Field('C'), "08P01");
  EXPECT_EQ(c->Read().type, 0);  // closed
}

TEST_F(ConnectionTest, UnknownMessageTypeIsFatal) {
  auto c = Connect();
  c->Login();
  c->Send(FrontendBuilder().Message('~'));
  auto msgs = c->ReadUntilReady();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].Field('M'), "invalid frontend message type 126");
}

TEST_F(ConnectionTest, OversizedMessageIsFatal) {
  auto c = Connect();
  c->Login();
  c->Send(std::string("S\x00\x10\x00\x00", 5));
  auto msgs = c->ReadUntilReady();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].Field('C'), "08P01");
}

TEST_F(ConnectionTest, TerminateClosesAndSessionIsUnregistered) {
  auto c = Connect();
  c->Login();
  EXPECT_EQ(registry_.size(), 1u);
  c->Send(FrontendBuilder().Message('X'));
  EXPECT_EQ(c->Read().type, 0);
  c.reset();
  EXPECT_EQ(registry_.size(), 0u);
}

TEST_F(ConnectionTest, CancelRequestWithWrongSecretDoesNothing) {
  auto c = Connect();
  auto msgs = c->Login();
  std::string key;
  for (const auto& m : msgs) {
    if (m.type == 'K') key = m.body;
  }
  ASSERT_EQ(key.size(), 8u);
  auto* u = reinterpret_cast<const uint8_t*>(key.data());
  int32_t pid = static_cast<int32_t>((u[0] << 24) | (u[1] << 16) | (u[2] << 8) | u[3]);
  int32_t secret = static_cast<int32_t>((u[4] << 24) | (u[5] << 16) | (u[6] << 8) | u[7]);
  EXPECT_FALSE(registry_.Cancel(BackendKey{pid, secret ^ 1}));
  EXPECT_FALSE(registry_.Cancel(BackendKey{pid + 1, secret}));
  auto canceller = Connect();
  canceller->Send(
      FrontendBuilder().Int32(kCancelRequestCode).Int32(pid).Int32(secret ^ 1).Startup());
  EXPECT_EQ(canceller->Read().type, 0);  // closed without a reply
  c->Send(QueryMessage("select 1"));
  EXPECT_EQ(WireTestHarness::Types(c->ReadUntilReady()), "TDCZ");
}

TEST_F(ConnectionTest, ShutdownSendsFatal57P01ToIdleConnections) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  std::atomic<bool> stopping{false};
  SocketRegistry sockets;
  {
    WireTestHarness c(database_.get(), &registry_, &logger_, true, &stopping, pipe_fds[0],
                      &sockets);
    c.Login();
    // The connection now waits in recv() for its next message; the server's shutdown
    // sets the flag, writes the pipe and shuts down the reading side of every socket.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stopping = true;
    ASSERT_EQ(write(pipe_fds[1], "x", 1), 1);
    sockets.ShutdownReads();
    auto msgs = c.ReadUntilReady();
    ASSERT_EQ(msgs.size(), 1u);
    EXPECT_EQ(msgs[0].Field('S'), "FATAL");
    EXPECT_EQ(msgs[0].Field('C'), "57P01");
  }
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

}  // namespace
}  // namespace firn::pgwire
