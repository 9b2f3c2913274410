// uuid input, output, byte order, binary I/O and random generation, checked against
// PostgreSQL 15's uuid_in/uuid_out/uuid_cmp/gen_random_uuid.
#include "types/uuid.h"

#include <gtest/gtest.h>

#include <set>

#include "sql_error_text.h"
#include "types/cast.h"
#include "types/value_io.h"

namespace firn {
namespace {

std::string Text(std::string_view in) {
  std::string out;
  AppendUuidText(ParseUuidText(in), &out);
  return out;
}

TEST(UuidTest, AcceptsEveryFormOfUuidIn) {
  const std::string want = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
  EXPECT_EQ(Text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), want);
  EXPECT_EQ(Text("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"), want);
  EXPECT_EQ(Text("{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"), want);
  EXPECT_EQ(Text("a0eebc999c0b4ef8bb6d6bb9bd380a11"), want);
  EXPECT_EQ(Text("a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11"), want);
  EXPECT_EQ(Text("{a0eebc999c0b4ef8bb6d6bb9bd380a11}"), want);
}

TEST(UuidTest, RefusesWhatUuidInRefuses) {
  for (const char* bad :
       {"", "{}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
        "a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-",
        "-a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}) {
    Uuid u;
    EXPECT_FALSE(ParseUuid(bad, &u)) << bad;
  }
  EXPECT_EQ(ErrorText([] { ParseUuidText("nope"); }),
            "22P02:invalid input syntax for type uuid: \"nope\"");
}

TEST(UuidTest, OrdersAsUnsignedBytes) {
  Uuid low = ParseUuidText("7fffffff-ffff-ffff-ffff-ffffffffffff");
  Uuid high = ParseUuidText("80000000-0000-0000-0000-000000000000");
  Uuid last = ParseUuidText("00000000-0000-0000-ffff-ffffffffffff");
  Uuid first = ParseUuidText("00000000-0000-0000-0000-000000000001");
  EXPECT_LT(low, high);
  EXPECT_LT(first, last);
  EXPECT_LT(last, low);
  EXPECT_LT(CompareValues(Value::MakeUuid(low), Value::MakeUuid(high)), 0);
  EXPECT_EQ(HashValue(Value::MakeUuid(low)), HashValue(Value::MakeUuid(low)));
  EXPECT_NE(HashValue(Value::MakeUuid(low)), HashValue(Value::MakeUuid(high)));
}

TEST(UuidTest, BytesAndBinaryIoAreTheSixteenBytesInOrder) {
  Uuid u = ParseUuidText("00112233-4455-6677-8899-aabbccddeeff");
  EXPECT_EQ(u.ToByteString(), std::string("\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc"
                                          "\xdd\xee\xff",
                                          16));
  std::string bin;
  AppendValueBinary(Value::MakeUuid(u), &bin);
  EXPECT_EQ(bin, u.ToByteString());
  EXPECT_EQ(ParseValueBinary(bin, Type(TypeId::kUuid)).GetUuid(), u);
  EXPECT_EQ(ErrorText([] { ParseValueBinary("short", Type(TypeId::kUuid)); }).substr(0, 6),
            "22P03:");
  EXPECT_EQ(ErrorText([&] { ParseValueBinary(bin + "x", Type(TypeId::kUuid)); }).substr(0, 6),
            "22P03:");
}

TEST(UuidTest, CastsGoThroughText) {
  CastContext ctx;
  Value u = CastValue(Value::Text("{A0EEBC999C0B4EF8BB6D6BB9BD380A11}"), Type(TypeId::kUuid), ctx);
  EXPECT_EQ(u.type().id, TypeId::kUuid);
  EXPECT_EQ(ValueToText(CastValue(u, Type(TypeId::kText), ctx)),
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_EQ(GetCastKind(TypeId::kUuid, TypeId::kText), CastKind::kAssignment);
  EXPECT_EQ(GetCastKind(TypeId::kText, TypeId::kUuid), CastKind::kExplicit);
  EXPECT_EQ(GetCastKind(TypeId::kUuid, TypeId::kInt4), CastKind::kNone);
}

TEST(UuidTest, RandomUuidsAreVersion4VariantRfc4122AndDistinct) {
  std::vector<Uuid> u(1000);
  GenerateRandomUuids(u.data(), u.size());
  std::set<std::pair<uint64_t, uint64_t>> seen;
  for (const Uuid& x : u) {
    EXPECT_EQ((x.hi >> 12) & 0xf, 4u);
    EXPECT_EQ(x.lo >> 62, 2u);
    seen.insert({x.hi, x.lo});
  }
  EXPECT_EQ(seen.size(), u.size());
}

TEST(UuidTest, TypeIdentity) {
  Type t(TypeId::kUuid);
  EXPECT_EQ(t.Oid(), 2950u);
  EXPECT_EQ(Type::Array(TypeId::kUuid).Oid(), 2951u);
  EXPECT_EQ(t.Name(), "uuid");
  EXPECT_EQ(Type::Array(TypeId::kUuid).Name(), "uuid[]");
  EXPECT_EQ(t.TypeLength(), 16);
  EXPECT_EQ(TypeCategory(TypeId::kUuid), 'U');
  EXPECT_EQ(Type::FromOid(2950), t);
}

}  // namespace
}  // namespace firn
