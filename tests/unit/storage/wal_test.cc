#include "storage/wal/wal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

namespace firn {
namespace {

namespace fs = std::filesystem;

class WalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("firn-wal-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Wal> OpenWal(uint64_t next_lsn, uint64_t segment_bytes = 64 << 20) {
    WalOptions options;
    options.dir = dir_.string();
    options.segment_bytes = segment_bytes;
    options.logger = &logger_;
    Result<std::unique_ptr<Wal>> wal = Wal::Open(options, next_lsn);
    EXPECT_TRUE(wal.ok()) << wal.status().ToString();
    return wal.ok() ? wal.take() : nullptr;
  }

  std::vector<std::pair<uint64_t, std::string>> Replay(uint64_t after, uint64_t* last) {
    std::vector<std::pair<uint64_t, std::string>> out;
    Result<uint64_t> r =
        ReplayWal(dir_.string(), after, logger_, [&](uint64_t lsn, std::string_view p) {
          out.emplace_back(lsn, std::string(p));
          return Status::OK();
        });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (last) *last = r.ok() ? r.value() : 0;
    return out;
  }

  std::vector<fs::path> Segments() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path dir_;
  Logger logger_{LogLevel::kError};
};

TEST_F(WalTest, RecordsComeBackInOrder) {
  {
    auto wal = OpenWal(1);
    std::vector<uint64_t> applied;
    for (int i = 0; i < 5; i++) {
      Status s = wal->Commit("record" + std::to_string(i), i % 2 == 0,
                             [&](uint64_t lsn) { applied.push_back(lsn); });
      ASSERT_TRUE(s.ok());
    }
    EXPECT_EQ(applied, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
    EXPECT_EQ(wal->last_lsn(), 5u);
  }
  uint64_t last = 0;
  auto records = Replay(0, &last);
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(last, 5u);
  EXPECT_EQ(records[3], std::make_pair(uint64_t{4}, std::string("record3")));
  // Only records after the covered position are handed out.
  EXPECT_EQ(Replay(3, nullptr).size(), 2u);
}

TEST_F(WalTest, EmptyPayloadAndLargePayload) {
  std::string big(3 << 20, 'x');
  {
    auto wal = OpenWal(1);
    ASSERT_TRUE(wal->Commit("", true, [](uint64_t) {}).ok());
    ASSERT_TRUE(wal->Commit(big, true, [](uint64_t) {}).ok());
  }
  auto records = Replay(0, nullptr);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].second, "");
  EXPECT_EQ(records[1].second, big);
}

// A payload in pieces is one record, the pieces' concatenation, whether the caller gave
// each piece's checksum or left it to Commit; more pieces than one writev takes (IOV_MAX)
// are written in turn.
TEST_F(WalTest, PayloadInPiecesIsOneRecord) {
  std::vector<std::string> parts = {"head", "", std::string(1 << 20, 'a'), "tail"};
  for (int i = 0; i < 3000; i++) parts.push_back(std::to_string(i));
  std::string whole;
  std::vector<Wal::Piece> with_crcs, without;
  for (size_t i = 0; i < parts.size(); i++) {
    whole += parts[i];
    with_crcs.push_back(
        {parts[i], i % 2 == 0 ? std::optional(Wal::Checksum(parts[i])) : std::nullopt});
    without.push_back({parts[i], std::nullopt});
  }
  {
    auto wal = OpenWal(1);
    ASSERT_TRUE(wal->Commit(with_crcs, true, [](uint64_t) {}).ok());
    ASSERT_TRUE(wal->Commit("between", true, [](uint64_t) {}).ok());
    ASSERT_TRUE(wal->Commit(without, false, [](uint64_t) {}).ok());
  }
  auto records = Replay(0, nullptr);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].second, whole);
  EXPECT_EQ(records[1].second, "between");
  EXPECT_EQ(records[2].second, whole);
}

// A checksum the caller got wrong makes the record corrupt: recovery stops before it.
TEST_F(WalTest, WrongPieceChecksumEndsTheLog) {
  {
    auto wal = OpenWal(1);
    ASSERT_TRUE(wal->Commit("first", true, [](uint64_t) {}).ok());
    std::string piece = "second";
    std::vector<Wal::Piece> bad = {{piece, Wal::Checksum(piece) ^ 1u}};
    ASSERT_TRUE(wal->Commit(bad, true, [](uint64_t) {}).ok());
  }
  uint64_t last = 0;
  auto records = Replay(0, &last);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(last, 1u);
}

TEST_F(WalTest, ConcurrentCommitsApplyInLogOrder) {
  constexpr int kThreads = 8, kPerThread = 200;
  std::vector<uint64_t> applied;
  {
    auto wal = OpenWal(1, 4096);  // small segments: many rolls under load
    std::mutex mu;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; t++) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; i++) {
          std::string payload = std::to_string(t) + ":" + std::to_string(i);
          Status s = wal->Commit(payload, i % 3 != 0, [&](uint64_t lsn) {
            std::lock_guard<std::mutex> lock(mu);
            applied.push_back(lsn);
          });
          ASSERT_TRUE(s.ok()) << s.ToString();
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  ASSERT_EQ(applied.size(), size_t{kThreads * kPerThread});
  for (size_t i = 0; i < applied.size(); i++) ASSERT_EQ(applied[i], i + 1);
  auto records = Replay(0, nullptr);
  ASSERT_EQ(records.size(), size_t{kThreads * kPerThread});
  std::vector<int> next(kThreads, 0);
  for (const auto& [lsn, payload] : records) {
    int t = std::stoi(payload.substr(0, payload.find(':')));
    int i = std::stoi(payload.substr(payload.find(':') + 1));
    EXPECT_EQ(i, next[t]++) << "per-thread order is kept";
  }
  EXPECT_GT(Segments().size(), 2u);
}

TEST_F(WalTest, TornTailIsCutAndLogContinuesAfterIt) {
  {
    auto wal = OpenWal(1);
    for (int i = 0; i < 3; i++)
      ASSERT_TRUE(wal->Commit("r" + std::to_string(i), true, [](uint64_t) {}).ok());
  }
  fs::path seg = Segments().back();
  auto size = fs::file_size(seg);
  fs::resize_file(seg, size - 3);  // tear the last record
  uint64_t last = 0;
  auto records = Replay(0, &last);
  EXPECT_EQ(records.size(), 2u);
  EXPECT_EQ(last, 2u);
  EXPECT_LT(fs::file_size(seg), size - 3) << "the torn record is cut off the file";
  {
    auto wal = OpenWal(last + 1);
    ASSERT_TRUE(wal->Commit("after", true, [](uint64_t lsn) { EXPECT_EQ(lsn, 3u); }).ok());
  }
  records = Replay(0, &last);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].second, "after");
}

TEST_F(WalTest, CorruptRecordEndsTheLogAndLaterSegmentsGo) {
  {
    auto wal = OpenWal(1);
    for (int i = 0; i < 4; i++)
      ASSERT_TRUE(wal->Commit("payload" + std::to_string(i), true, [](uint64_t) {}).ok());
    ASSERT_TRUE(wal->Quiesce([](uint64_t lsn) { EXPECT_EQ(lsn, 4u); }).ok());
    ASSERT_TRUE(wal->Commit("second segment", true, [](uint64_t) {}).ok());
  }
  ASSERT_EQ(Segments().size(), 2u);
  {
    // Flip a payload byte of the second record of the first segment.
    std::fstream f(Segments()[0], std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(16 + (20 + 8) + 20 + 2);
    f.put('#');
  }
  uint64_t last = 0;
  auto records = Replay(0, &last);
  EXPECT_EQ(records.size(), 1u);
  EXPECT_EQ(last, 1u);
  EXPECT_EQ(Segments().size(), 1u);
}

TEST_F(WalTest, QuiesceAndTruncateDropCoveredSegments) {
  auto wal = OpenWal(1);
  for (int i = 0; i < 3; i++) ASSERT_TRUE(wal->Commit("a", true, [](uint64_t) {}).ok());
  uint64_t point = 0;
  ASSERT_TRUE(wal->Quiesce([&](uint64_t lsn) { point = lsn; }).ok());
  EXPECT_EQ(point, 3u);
  ASSERT_TRUE(wal->Commit("b", true, [](uint64_t) {}).ok());
  ASSERT_TRUE(wal->TruncateUpTo(point).ok());
  EXPECT_EQ(Segments().size(), 1u);
  uint64_t last = 0;
  auto records = Replay(point, &last);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].first, 4u);
}

// A checkpoint that saved its record but died before TruncateUpTo removed the covered
// segments leaves several whole segments below the checkpoint LSN. They are skipped, not
// mistaken for a gap: the records after the checkpoint must all come back.
TEST_F(WalTest, CoveredSegmentsLeftByAnInterruptedTruncateAreSkipped) {
  uint64_t point = 0;
  {
    auto wal = OpenWal(1);
    ASSERT_TRUE(wal->Commit("a", true, [](uint64_t) {}).ok());  // segment 1: LSN 1
    ASSERT_TRUE(wal->Quiesce([](uint64_t) {}).ok());
    ASSERT_TRUE(wal->Commit("b", true, [](uint64_t) {}).ok());  // segment 2: LSN 2-3
    ASSERT_TRUE(wal->Commit("c", true, [](uint64_t) {}).ok());
    ASSERT_TRUE(wal->Quiesce([&](uint64_t lsn) { point = lsn; }).ok());
    ASSERT_TRUE(wal->Commit("d", true, [](uint64_t) {}).ok());  // segment 3: LSN 4-5
    ASSERT_TRUE(wal->Commit("e", true, [](uint64_t) {}).ok());
  }
  ASSERT_EQ(point, 3u);
  ASSERT_EQ(Segments().size(), 3u);
  uint64_t last = 0;
  auto records = Replay(point, &last);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], std::make_pair(uint64_t{4}, std::string("d")));
  EXPECT_EQ(records[1], std::make_pair(uint64_t{5}, std::string("e")));
  EXPECT_EQ(last, 5u);
  EXPECT_EQ(Segments().size(), 3u);  // nothing was cut
  // The same when the checkpoint covers part of the last segment.
  records = Replay(4, &last);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].first, 5u);
}

TEST_F(WalTest, MissingSegmentIsAnErrorNotSilentLoss) {
  {
    auto wal = OpenWal(1);
    ASSERT_TRUE(wal->Commit("a", true, [](uint64_t) {}).ok());
    ASSERT_TRUE(wal->Quiesce([](uint64_t) {}).ok());
    ASSERT_TRUE(wal->Commit("b", true, [](uint64_t) {}).ok());
  }
  fs::remove(Segments()[0]);
  Result<uint64_t> r =
      ReplayWal(dir_.string(), 0, logger_, [](uint64_t, std::string_view) { return Status::OK(); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace firn
