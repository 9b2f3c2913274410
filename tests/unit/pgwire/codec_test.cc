// Tests for the wire codec: framing, limits, every frontend message's decoder and the
// backend encoders.
#include <gtest/gtest.h>

#include "common/sql_error.h"
#include "pgwire/message_reader.h"
#include "pgwire/message_writer.h"
#include "pgwire/messages.h"
#include "pgwire/protocol.h"
#include "pgwire/value_encoding.h"
#include "test_transport.h"
#include "types/numeric.h"

namespace firn::pgwire {
namespace {

TEST(FramingTest, ReadsPipelinedMessagesInOneRead) {
  std::string input = FrontendBuilder().Str("select 1").Message('Q') +
                      FrontendBuilder().Message('S') + FrontendBuilder().Message('X');
  StringTransport t(input);
  MessageReader reader(&t);
  Message m;
  std::string error;
  ASSERT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kOk);
  EXPECT_EQ(m.type, 'Q');
  EXPECT_EQ(m.body, std::string("select 1\0", 9));
  EXPECT_TRUE(reader.HasBufferedMessage());
  ASSERT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kOk);
  EXPECT_EQ(m.type, 'S');
  EXPECT_TRUE(m.body.empty());
  ASSERT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kOk);
  EXPECT_EQ(m.type, 'X');
  EXPECT_FALSE(reader.HasBufferedMessage());
  EXPECT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kEof);
  EXPECT_EQ(t.reads_, 1);
}

TEST(FramingTest, ReassemblesMessagesDeliveredByteByByte) {
  std::string big(100000, 'x');
  std::string input = FrontendBuilder().Bytes(big).Message('d') + FrontendBuilder().Message('c');
  StringTransport t(input, 1);
  MessageReader reader(&t);
  Message m;
  std::string error;
  ASSERT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kOk);
  EXPECT_EQ(m.type, 'd');
  EXPECT_EQ(m.body, big);
  ASSERT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kOk);
  EXPECT_EQ(m.type, 'c');
}

TEST(FramingTest, TryFillBuffersWhatArrivedWithoutWaiting) {
  std::string input =
      FrontendBuilder().Str("select 1").Message('Q') + FrontendBuilder().Message('S');
  StringTransport t(input, 3);
  t.try_would_block_ = true;
  MessageReader reader(&t);
  int would_blocks = 0;
  int rounds = 0;
  while (!reader.HasBufferedMessage()) {
    ASSERT_LT(++rounds, 100);
    bool would_block = false;
    ASSERT_EQ(reader.TryFill(&would_block), ReadStatus::kOk);
    would_blocks += would_block ? 1 : 0;
  }
  EXPECT_GT(would_blocks, 2);  // the query came in pieces, with pauses between
  Message m;
  std::string error;
  int reads = t.reads_;
  ASSERT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kOk);
  EXPECT_EQ(m.type, 'Q');
  EXPECT_EQ(m.body, std::string("select 1\0", 9));
  EXPECT_EQ(t.reads_, reads);  // a buffered message costs no read
  // The rest arrives; then the input is idle: TryFill says so instead of waiting.
  while (!reader.HasBufferedMessage()) {
    bool would_block = false;
    ASSERT_EQ(reader.TryFill(&would_block), ReadStatus::kOk);
  }
  ASSERT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kOk);
  EXPECT_EQ(m.type, 'S');
  bool would_block = false;
  EXPECT_EQ(reader.TryFill(&would_block), ReadStatus::kOk);
  EXPECT_TRUE(would_block);
  EXPECT_FALSE(reader.HasBufferedMessage());
}

TEST(FramingTest, LargeCopyDataInSmallChunks) {
  std::string big(10 * 1024 * 1024 + 7, 'y');
  StringTransport t(FrontendBuilder().Bytes(big).Message('d'), 100000);
  MessageReader reader(&t);
  Message m;
  std::string error;
  ASSERT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kOk);
  EXPECT_EQ(m.body.size(), big.size());
}

TEST(FramingTest, LengthBelowFourIsMalformed) {
  std::string input("Q\0\0\0\3", 5);
  StringTransport t(input);
  MessageReader reader(&t);
  Message m;
  std::string error;
  EXPECT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kMalformed);
  EXPECT_EQ(error, "invalid message length");
}

TEST(FramingTest, OversizedSmallMessageIsRejectedBeforeBuffering) {
  // A Sync claiming 1 MB: rejected from its header alone.
  StringTransport t(std::string("S\0\x10\0\0", 5));
  MessageReader reader(&t);
  Message m;
  std::string error;
  EXPECT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kMalformed);
}

TEST(FramingTest, OversizedLargeMessageIsRejected) {
  StringTransport t(std::string("d\x40\0\0\x04", 5));  // 1 GiB body
  MessageReader reader(&t);
  Message m;
  std::string error;
  EXPECT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kMalformed);
}

TEST(FramingTest, LyingLengthDoesNotAllocateOrHang) {
  // Claims ~1 GiB of CopyData but sends 10 bytes then closes: EOF, not a hang.
  StringTransport t(std::string("d\x3f\xff\xff\xff", 5) + "0123456789");
  MessageReader reader(&t);
  Message m;
  std::string error;
  EXPECT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kEof);
}

TEST(FramingTest, TruncatedHeaderIsEof) {
  StringTransport t(std::string("Q\0\0", 3));
  MessageReader reader(&t);
  Message m;
  std::string error;
  EXPECT_EQ(reader.ReadMessage(&m, &error), ReadStatus::kEof);
}

TEST(FramingTest, StartupPacketLimits) {
  size_t body = 0;
  std::string error;
  EXPECT_EQ(ParseStartupFrame(std::string("\0\0\0\x07", 4), &body, &error),
            FrameStatus::kMalformed);
  EXPECT_EQ(ParseStartupFrame(std::string("\0\x01\0\0", 4), &body, &error),
            FrameStatus::kMalformed);
  EXPECT_EQ(ParseStartupFrame(std::string("\0\0\0\x08\0", 5), &body, &error),
            FrameStatus::kNeedMore);
}

TEST(StartupDecodeTest, StartupMessageParameters) {
  std::string packet = FrontendBuilder()
                           .Int32(kProtocolVersion3)
                           .Str("user")
                           .Str("alice")
                           .Str("database")
                           .Str("firn")
                           .Str("")
                           .Startup();
  StringTransport t(packet);
  MessageReader reader(&t);
  std::string_view body;
  std::string error;
  ASSERT_EQ(reader.ReadStartupPacket(&body, &error), ReadStatus::kOk);
  auto decoded = DecodeStartupPacket(body);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded.value().kind, StartupPacket::Kind::kStartup);
  EXPECT_EQ(decoded.value().startup.version, kProtocolVersion3);
  ASSERT_EQ(decoded.value().startup.parameters.size(), 2u);
  EXPECT_EQ(decoded.value().startup.parameters[0].first, "user");
  EXPECT_EQ(decoded.value().startup.parameters[0].second, "alice");
  EXPECT_EQ(decoded.value().startup.parameters[1].second, "firn");
}

TEST(StartupDecodeTest, SpecialRequests) {
  auto ssl = DecodeStartupPacket(FrontendBuilder().Int32(kSslRequestCode).body());
  ASSERT_TRUE(ssl.ok());
  EXPECT_EQ(ssl.value().kind, StartupPacket::Kind::kSslRequest);
  auto gss = DecodeStartupPacket(FrontendBuilder().Int32(kGssEncRequestCode).body());
  ASSERT_TRUE(gss.ok());
  EXPECT_EQ(gss.value().kind, StartupPacket::Kind::kGssEncRequest);
  auto cancel =
      DecodeStartupPacket(FrontendBuilder().Int32(kCancelRequestCode).Int32(42).Int32(-7).body());
  ASSERT_TRUE(cancel.ok());
  EXPECT_EQ(cancel.value().kind, StartupPacket::Kind::kCancel);
  EXPECT_EQ(cancel.value().cancel.process_id, 42);
  EXPECT_EQ(cancel.value().cancel.secret_key, -7);
  EXPECT_FALSE(
      DecodeStartupPacket(FrontendBuilder().Int32(kCancelRequestCode).Int32(1).body()).ok());
  EXPECT_FALSE(DecodeStartupPacket(FrontendBuilder().Int32(kSslRequestCode).Int32(1).body()).ok());
}

TEST(StartupDecodeTest, MalformedParameterLists) {
  // Missing final terminator.
  EXPECT_FALSE(
      DecodeStartupPacket(FrontendBuilder().Int32(kProtocolVersion3).Str("user").Str("a").body())
          .ok());
  // Name without value.
  EXPECT_FALSE(
      DecodeStartupPacket(FrontendBuilder().Int32(kProtocolVersion3).Str("user").Bytes("x").body())
          .ok());
  // Bytes after the terminator.
  EXPECT_FALSE(
      DecodeStartupPacket(FrontendBuilder().Int32(kProtocolVersion3).Str("").Bytes("x").body())
          .ok());
}

TEST(MessageDecodeTest, Query) {
  std::string body = FrontendBuilder().Str("select 1; select 2").body();
  auto q = DecodeQuery(body);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q.value().sql, "select 1; select 2");
  EXPECT_FALSE(DecodeQuery("no terminator").ok());
  EXPECT_FALSE(DecodeQuery(std::string("a\0b", 3)).ok());
}

TEST(MessageDecodeTest, Parse) {
  std::string body =
      FrontendBuilder().Str("s1").Str("select $1").Int16(2).Int32(23).Int32(0).body();
  auto p = DecodeParse(body);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.value().name, "s1");
  EXPECT_EQ(p.value().sql, "select $1");
  EXPECT_EQ(p.value().param_type_oids, (std::vector<uint32_t>{23, 0}));
  EXPECT_FALSE(DecodeParse(FrontendBuilder().Str("").Str("x").Int16(2).Int32(23).body()).ok());
  EXPECT_FALSE(DecodeParse(FrontendBuilder().Str("").Str("x").Int16(-1).body()).ok());
  EXPECT_FALSE(DecodeParse(FrontendBuilder().Str("").Str("x").body()).ok());
}

TEST(MessageDecodeTest, Bind) {
  auto b = DecodeBind(FrontendBuilder()
                          .Str("p")
                          .Str("s")
                          .Int16(1)
                          .Int16(1)
                          .Int16(3)
                          .Int32(4)
                          .Bytes(std::string("\0\0\0\x05", 4))
                          .Int32(-1)
                          .Int32(0)
                          .Int16(2)
                          .Int16(0)
                          .Int16(1)
                          .body());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const BindMessage& m = b.value();
  EXPECT_EQ(m.portal, "p");
  EXPECT_EQ(m.statement, "s");
  EXPECT_EQ(m.param_formats, (std::vector<int16_t>{1}));
  ASSERT_EQ(m.params.size(), 3u);
  EXPECT_EQ(*m.params[0], std::string("\0\0\0\x05", 4));
  EXPECT_FALSE(m.params[1].has_value());
  EXPECT_EQ(*m.params[2], "");
  EXPECT_EQ(m.result_formats, (std::vector<int16_t>{0, 1}));
}

TEST(MessageDecodeTest, BindRejectsBadLengths) {
  // Parameter length beyond the body.
  EXPECT_FALSE(
      DecodeBind(FrontendBuilder().Str("").Str("").Int16(0).Int16(1).Int32(100).Int16(0).body())
          .ok());
  // Negative length other than -1.
  EXPECT_FALSE(
      DecodeBind(FrontendBuilder().Str("").Str("").Int16(0).Int16(1).Int32(-2).Int16(0).body())
          .ok());
  // Huge length (2^31-1) must not allocate.
  EXPECT_FALSE(
      DecodeBind(FrontendBuilder().Str("").Str("").Int16(0).Int16(1).Int32(0x7fffffff).body())
          .ok());
  // Missing result format count.
  EXPECT_FALSE(DecodeBind(FrontendBuilder().Str("").Str("").Int16(0).Int16(0).body()).ok());
  // Trailing garbage.
  EXPECT_FALSE(
      DecodeBind(FrontendBuilder().Str("").Str("").Int16(0).Int16(0).Int16(0).Bytes("z").body())
          .ok());
}

TEST(MessageDecodeTest, DescribeCloseExecute) {
  auto d = DecodeDescribe(FrontendBuilder().Bytes("P").Str("portal").body());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().kind, 'P');
  EXPECT_EQ(d.value().name, "portal");
  EXPECT_FALSE(DecodeDescribe(FrontendBuilder().Bytes("X").Str("a").body()).ok());
  EXPECT_FALSE(DecodeDescribe("").ok());
  auto c = DecodeClose(FrontendBuilder().Bytes("S").Str("").body());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value().kind, 'S');
  auto e = DecodeExecute(FrontendBuilder().Str("").Int32(10).body());
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e.value().max_rows, 10);
  EXPECT_FALSE(DecodeExecute(FrontendBuilder().Str("").Int16(1).body()).ok());
}

TEST(MessageDecodeTest, SaslAndCopyFailAndEmpty) {
  auto s = DecodeSaslInitialResponse(
      FrontendBuilder().Str("SCRAM-SHA-256").Int32(5).Bytes("n,,ab").body());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value().mechanism, "SCRAM-SHA-256");
  EXPECT_EQ(*s.value().data, "n,,ab");
  auto none = DecodeSaslInitialResponse(FrontendBuilder().Str("SCRAM-SHA-256").Int32(-1).body());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value().data.has_value());
  EXPECT_FALSE(
      DecodeSaslInitialResponse(FrontendBuilder().Str("M").Int32(9).Bytes("a").body()).ok());
  auto f = DecodeCopyFail(FrontendBuilder().Str("client gave up").body());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value().message, "client gave up");
  EXPECT_TRUE(DecodeEmpty("").ok());
  EXPECT_FALSE(DecodeEmpty("x").ok());
}

// Parses the writer's output into (type, body) pairs.
std::vector<std::pair<char, std::string>> SplitBackend(const std::string& out) {
  std::vector<std::pair<char, std::string>> msgs;
  size_t pos = 0;
  while (pos + 5 <= out.size()) {
    auto* u = reinterpret_cast<const uint8_t*>(out.data() + pos + 1);
    uint32_t len = (u[0] << 24) | (u[1] << 16) | (u[2] << 8) | u[3];
    msgs.emplace_back(out[pos], out.substr(pos + 5, len - 4));
    pos += 1 + len;
  }
  EXPECT_EQ(pos, out.size());
  return msgs;
}

TEST(WriterTest, EncodesSimpleMessages) {
  StringTransport t("");
  MessageWriter w(&t);
  w.AuthenticationRequest(kAuthOk);
  w.ParameterStatus("server_version", "15.0");
  w.BackendKeyData(1234, -1);
  w.ReadyForQuery('I');
  w.ParseComplete();
  w.BindComplete();
  w.CloseComplete();
  w.NoData();
  w.PortalSuspended();
  w.EmptyQueryResponse();
  w.CommandComplete("SELECT 1");
  w.ParameterDescription({23, 25});
  w.AuthenticationSasl({"SCRAM-SHA-256"});
  w.NegotiateProtocolVersion(0, {"_pq_.x"});
  EXPECT_EQ(t.output_, "");  // buffered until Flush
  ASSERT_TRUE(w.Flush());
  auto msgs = SplitBackend(t.output_);
  ASSERT_EQ(msgs.size(), 14u);
  EXPECT_EQ(msgs[0], (std::pair<char, std::string>{'R', std::string(4, '\0')}));
  EXPECT_EQ(msgs[1].second, std::string("server_version\0"
                                        "15.0\0",
                                        20));
  EXPECT_EQ(msgs[2].second, std::string("\0\0\x04\xd2\xff\xff\xff\xff", 8));
  EXPECT_EQ(msgs[3], (std::pair<char, std::string>{'Z', "I"}));
  EXPECT_EQ(msgs[4].first, '1');
  EXPECT_EQ(msgs[5].first, '2');
  EXPECT_EQ(msgs[6].first, '3');
  EXPECT_EQ(msgs[7].first, 'n');
  EXPECT_EQ(msgs[8].first, 's');
  EXPECT_EQ(msgs[9].first, 'I');
  EXPECT_EQ(msgs[10].second, std::string("SELECT 1\0", 9));
  EXPECT_EQ(msgs[11].second, std::string("\0\x02\0\0\0\x17\0\0\0\x19", 10));
  EXPECT_EQ(msgs[12].second, std::string("\0\0\0\x0aSCRAM-SHA-256\0\0", 19));
  EXPECT_EQ(msgs[13].second, std::string("\0\0\0\0\0\0\0\x01_pq_.x\0", 15));
}

TEST(WriterTest, EncodesRowDescriptionAndDataRow) {
  StringTransport t("");
  MessageWriter w(&t);
  FieldDescription f;
  f.name = "id";
  f.table_oid = 16384;
  f.column_number = 1;
  f.type_oid = 23;
  f.type_length = 4;
  f.type_modifier = -1;
  f.format = 1;
  w.RowDescription({f});
  w.Begin('D');
  w.PutInt16(2);
  size_t start = w.BeginField();
  w.buffer().append("42");
  w.EndField(start);
  w.PutInt32(-1);
  w.End();
  w.Flush();
  auto msgs = SplitBackend(t.output_);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].second,
            std::string("\0\x01id\0\0\0\x40\0\0\x01\0\0\0\x17\0\x04\xff\xff\xff\xff\0\x01", 23));
  EXPECT_EQ(msgs[1].second, std::string("\0\x02\0\0\0\x02"
                                        "42\xff\xff\xff\xff",
                                        12));
}

TEST(WriterTest, EncodesErrorFields) {
  StringTransport t("");
  MessageWriter w(&t);
  SqlError err(sqlstate::kSyntaxError, "syntax error at or near \"x\"");
  err.set_position(8);
  ErrorFields f = ErrorFields::From(std::move(err).WithHint("try again"));
  w.ErrorResponse(f);
  w.Flush();
  auto msgs = SplitBackend(t.output_);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].first, 'E');
  static const char kExpected[] =
      "SERROR\0VERROR\0C42601\0Msyntax error at or near \"x\"\0Htry again\0P8\0";
  EXPECT_EQ(msgs[0].second, std::string(kExpected, sizeof(kExpected)));
}

TEST(WriterTest, CopyResponsesAndData) {
  StringTransport t("");
  MessageWriter w(&t);
  w.CopyResponse('G', false, 2);
  w.CopyData("1\t2\n");
  w.CopyDone();
  w.Flush();
  auto msgs = SplitBackend(t.output_);
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[0].second, std::string("\0\0\x02\0\0\0\0", 7));
  EXPECT_EQ(msgs[1].second, "1\t2\n");
  EXPECT_EQ(msgs[2].first, 'c');
}

TEST(WriterTest, FlushesWhenBufferIsLargeAndStopsAfterFailure) {
  StringTransport t("");
  MessageWriter w(&t);
  std::string row(1000, 'r');
  for (int i = 0; i < 200; ++i) w.CopyData(row);
  EXPECT_GT(t.writes_, 0);
  EXPECT_LT(w.buffered(), MessageWriter::kFlushThreshold);
  t.fail_writes_ = true;
  for (int i = 0; i < 200; ++i) w.CopyData(row);
  EXPECT_TRUE(w.failed());
  EXPECT_FALSE(w.Flush());
  EXPECT_LT(w.buffered(), MessageWriter::kFlushThreshold);
}

TEST(WriterTest, CStringsNeverEmbedNul) {
  StringTransport t("");
  MessageWriter w(&t);
  w.CommandComplete(std::string("a\0b", 3));
  w.Flush();
  EXPECT_EQ(SplitBackend(t.output_)[0].second, std::string("a\0", 2));
}

}  // namespace
}  // namespace firn::pgwire

namespace firn::pgwire {
namespace {

// The online lookup's rows are encoded from values (AppendCell(Value)), every other result
// from vectors: the bytes must be the same in both formats.
TEST(CellEncodingTest, ValuesEncodeAsTheirVectorCells) {
  std::vector<Value> values = {
      Value::Bool(true),    Value::Int2(-7),
      Value::Int4(123456),  Value::Int8(-9000000000LL),
      Value::Float8(0.1),   Value::Float8(-1.5e300),
      Value::Text("héllo"), Value::TimestampTz(1700000000123456LL),
      Value::Date(19000),   Value::MakeNumeric(Numeric::Parse("12.3400")),
      Value::Float4(2.5),   Value::MakeInterval(Interval{1, 2, 3000000}),
  };
  IoContext io;
  io.extra_float_digits = 1;
  for (const Value& v : values) {
    Vector column(v.type());
    column.Append(v);
    for (int16_t format : {0, 1}) {
      std::string from_vector, from_value;
      AppendCell(column, 0, format, io, &from_vector);
      AppendCell(v, v.type(), format, io, &from_value);
      EXPECT_EQ(from_value, from_vector) << v.type().Name() << " format " << format;
      EXPECT_FALSE(from_value.empty());
    }
  }
}

}  // namespace
}  // namespace firn::pgwire
