// Tests for SCRAM-SHA-256: RFC 7677's example exchange, PostgreSQL's secret format, and
// rejection of malformed and wrong-password exchanges.
#include "common/scram.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/base64.h"

namespace firn {
namespace {

// RFC 7677 section 3: user "user", password "pencil".
constexpr const char* kSalt = "W22ZaJ0SNY7soEsUEjb6gQ==";
constexpr const char* kClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr const char* kServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr const char* kServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char* kClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr const char* kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

ScramSecret Rfc7677Secret() {
  auto secret = ParseScramSecret(MakeScramSecret("pencil", *Base64Decode(kSalt), 4096));
  EXPECT_TRUE(secret.has_value());
  return *secret;
}

TEST(Base64Test, RoundTripsAndRejectsMalformed) {
  for (std::string s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar",
                                                std::string("\0\xff", 2)}) {
    auto decoded = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(decoded.has_value()) << s;
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_FALSE(Base64Decode("Zm9").has_value());
  EXPECT_FALSE(Base64Decode("Zm=v").has_value());
  EXPECT_FALSE(Base64Decode("Zm9=").has_value());  // non-zero bits under the padding
  EXPECT_FALSE(Base64Decode("Zm 8").has_value());
  EXPECT_FALSE(Base64Decode("====").has_value());
}

TEST(ScramTest, Rfc7677ExchangeSucceeds) {
  ScramServerExchange exchange(Rfc7677Secret(), "user", kServerNonce);
  std::string server_first, server_final, error;
  ASSERT_EQ(exchange.HandleClientFirst(kClientFirst, &server_first, &error),
            ScramServerExchange::Outcome::kOk)
      << error;
  EXPECT_EQ(server_first, kServerFirst);
  ASSERT_EQ(exchange.HandleClientFinal(kClientFinal, &server_final, &error),
            ScramServerExchange::Outcome::kOk)
      << error;
  EXPECT_EQ(server_final, kServerFinal);
}

TEST(ScramTest, SecretFormatRoundTrips) {
  std::string text = MakeScramSecret("pencil", *Base64Decode(kSalt), 4096);
  EXPECT_TRUE(text.starts_with("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$")) << text;
  auto parsed = ParseScramSecret(text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(FormatScramSecret(*parsed), text);
  EXPECT_EQ(parsed->iterations, 4096);
}

TEST(ScramTest, RandomSecretsDifferAndParse) {
  std::string a = MakeScramSecret("secret");
  std::string b = MakeScramSecret("secret");
  EXPECT_NE(a, b);
  auto parsed = ParseScramSecret(a);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->salt.size(), kScramSaltLength);
  EXPECT_EQ(parsed->iterations, kScramDefaultIterations);
}

TEST(ScramTest, RejectsMalformedSecrets) {
  EXPECT_FALSE(ParseScramSecret("").has_value());
  EXPECT_FALSE(ParseScramSecret("md5abcdef").has_value());
  EXPECT_FALSE(ParseScramSecret("SCRAM-SHA-256$0:AAAA$AAAA:AAAA").has_value());
  EXPECT_FALSE(ParseScramSecret("SCRAM-SHA-256$4096:AAAA$AAAA:AAAA").has_value());  // key size
  EXPECT_FALSE(ParseScramSecret("SCRAM-SHA-256$x:AAAA$AAAA:AAAA").has_value());
  EXPECT_FALSE(ParseScramSecret("SCRAM-SHA-256$4096").has_value());
}

TEST(ScramTest, WrongPasswordFails) {
  auto secret = ParseScramSecret(MakeScramSecret("other", *Base64Decode(kSalt), 4096));
  ScramServerExchange exchange(secret, "user", kServerNonce);
  std::string out, error;
  ASSERT_EQ(exchange.HandleClientFirst(kClientFirst, &out, &error),
            ScramServerExchange::Outcome::kOk);
  EXPECT_EQ(exchange.HandleClientFinal(kClientFinal, &out, &error),
            ScramServerExchange::Outcome::kWrongPassword);
}

TEST(ScramTest, MockExchangeAlwaysFailsButLooksNormal) {
  ScramServerExchange exchange(std::nullopt, "nobody", kServerNonce);
  std::string first, out, error;
  ASSERT_EQ(exchange.HandleClientFirst(kClientFirst, &first, &error),
            ScramServerExchange::Outcome::kOk);
  EXPECT_TRUE(first.starts_with("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s="));
  EXPECT_TRUE(first.ends_with(",i=4096"));
  EXPECT_EQ(exchange.HandleClientFinal(kClientFinal, &out, &error),
            ScramServerExchange::Outcome::kWrongPassword);
}

TEST(ScramTest, RejectsMalformedClientMessages) {
  const char* bad_first[] = {"",
                             "p=tls-server-end-point,,n=user,r=abc",
                             "n,a=x,n=user,r=abc",
                             "x,,n=user,r=abc",
                             "n,,r=abc",
                             "n,,n=user",
                             "n,,m=ext,n=user,r=abc"};
  for (const char* msg : bad_first) {
    ScramServerExchange exchange(Rfc7677Secret(), "user", kServerNonce);
    std::string out, error;
    auto outcome = exchange.HandleClientFirst(msg, &out, &error);
    EXPECT_EQ(outcome, ScramServerExchange::Outcome::kMalformed) << msg;
    EXPECT_FALSE(error.empty());
  }
  const char* bad_final[] = {"", "c=biws",
                             "c=biws,r=wrong,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                             ("c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                              "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="),
                             "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=short"};
  for (const char* msg : bad_final) {
    ScramServerExchange exchange(Rfc7677Secret(), "user", kServerNonce);
    std::string out, error;
    ASSERT_EQ(exchange.HandleClientFirst(kClientFirst, &out, &error),
              ScramServerExchange::Outcome::kOk);
    EXPECT_EQ(exchange.HandleClientFinal(msg, &out, &error),
              ScramServerExchange::Outcome::kMalformed)
        << msg;
  }
}

TEST(ScramTest, FinalBeforeFirstIsMalformed) {
  ScramServerExchange exchange(Rfc7677Secret(), "user", kServerNonce);
  std::string out, error;
  EXPECT_EQ(exchange.HandleClientFinal(kClientFinal, &out, &error),
            ScramServerExchange::Outcome::kMalformed);
}

}  // namespace
}  // namespace firn
