// Tests for SocketTransport's reads with a SpinGate (busy-waiting for the next request)
// and for the gate itself: bytes arrive whole and in order whether a read spins or
// sleeps, end of stream is seen while spinning, and every spinner leaves the gate.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "pgwire/spin_gate.h"
#include "pgwire/transport.h"

namespace firn::pgwire {
namespace {

TEST(SpinGateTest, AdmitsUpToItsCapacity) {
  SpinGate gate(2);
  EXPECT_TRUE(gate.TryEnter());
  EXPECT_TRUE(gate.TryEnter());
  EXPECT_FALSE(gate.TryEnter());
  gate.Leave();
  EXPECT_TRUE(gate.TryEnter());
  EXPECT_FALSE(gate.TryEnter());
  // None while another connection is working.
  gate.Leave();
  gate.StartWorking();
  EXPECT_TRUE(gate.AnyWorking());
  EXPECT_FALSE(gate.TryEnter());
  gate.StartWaiting();
  EXPECT_FALSE(gate.AnyWorking());
  EXPECT_TRUE(gate.TryEnter());
  SpinGate closed(0);
  EXPECT_FALSE(closed.TryEnter());
  EXPECT_GE(SpinGate::DefaultCapacity(), 0);
}

TEST(SpinGateTest, NoneWhileMoreConnectionsThanSpinnersAreActive) {
  SpinGate gate(1);
  int64_t a = -1, b = -1, c = -1;
  // One busy connection: spinning for it pays.
  gate.NoteRequest(5'000'100, &a);
  gate.NoteRequest(5'000'900, &a);  // counted once per millisecond
  EXPECT_TRUE(gate.FewActive());
  EXPECT_TRUE(gate.TryEnter());
  gate.Leave();
  // A second one in the same millisecond: no more spinning.
  gate.NoteRequest(5'000'950, &b);
  EXPECT_FALSE(gate.FewActive());
  EXPECT_FALSE(gate.TryEnter());
  // The next millisecond still remembers both.
  gate.NoteRequest(5'001'200, &c);
  EXPECT_FALSE(gate.TryEnter());
  // Two milliseconds later only `c` is active.
  gate.NoteRequest(5'002'300, &c);
  gate.NoteRequest(5'003'100, &c);
  EXPECT_TRUE(gate.FewActive());
  EXPECT_TRUE(gate.TryEnter());
  gate.Leave();
  // After a pause, the millisecond before the pause does not count.
  gate.NoteRequest(5'000'000'000, &a);
  gate.NoteRequest(5'000'000'000, &b);
  gate.NoteRequest(5'000'009'000, &a);
  EXPECT_TRUE(gate.FewActive());
}

// A server-side transport over one end of a socket pair; the test writes the other end.
class SpinningTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    client_fd_ = fds[0];
    transport_ = std::make_unique<SocketTransport>(fds[1], -1, &gate_);
  }
  void TearDown() override {
    transport_.reset();
    if (client_fd_ >= 0) close(client_fd_);
  }
  // Reads exactly `n` bytes through the transport.
  std::string ReadExactly(size_t n) {
    std::string out;
    char buffer[64];
    while (out.size() < n) {
      size_t got = 0;
      IoStatus s = transport_->Read(buffer, std::min(sizeof(buffer), n - out.size()), &got);
      if (s != IoStatus::kOk) break;
      out.append(buffer, got);
    }
    return out;
  }
  void Send(const std::string& bytes) {
    ASSERT_EQ(write(client_fd_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }

  SpinGate gate_{1};
  int client_fd_ = -1;
  std::unique_ptr<SocketTransport> transport_;
};

TEST_F(SpinningTransportTest, QuickAndSlowRequestsArriveWholeAndInOrder) {
  // Requests right after each reply (the transport learns to spin), then some after
  // pauses far longer than a spin (it sleeps again), then quick ones again.
  std::thread client([this] {
    for (int i = 0; i < 300; i++) {
      if (i >= 100 && i < 110) std::this_thread::sleep_for(std::chrono::milliseconds(3));
      Send("request " + std::to_string(i) + ";");
      char ack;
      if (read(client_fd_, &ack, 1) != 1) return;
    }
  });
  for (int i = 0; i < 300; i++) {
    std::string expected = "request " + std::to_string(i) + ";";
    ASSERT_EQ(ReadExactly(expected.size()), expected);
    ASSERT_EQ(transport_->Write("k", 1), IoStatus::kOk);
  }
  client.join();
  // Having read a request, the connection is working; once it is gone, no read has left
  // a spinner inside the gate or a connection counted as working.
  EXPECT_TRUE(gate_.AnyWorking());
  transport_.reset();
  EXPECT_FALSE(gate_.AnyWorking());
  EXPECT_TRUE(gate_.TryEnter());
  gate_.Leave();
}

TEST_F(SpinningTransportTest, SeesTheEndOfTheStreamWhileSpinning) {
  std::thread client([this] {
    for (int i = 0; i < 50; i++) {
      Send("x");
      char ack;
      if (read(client_fd_, &ack, 1) != 1) return;
    }
    shutdown(client_fd_, SHUT_WR);
  });
  for (int i = 0; i < 50; i++) {
    ASSERT_EQ(ReadExactly(1), "x");
    ASSERT_EQ(transport_->Write("k", 1), IoStatus::kOk);
  }
  char buffer[8];
  size_t got = 0;
  EXPECT_EQ(transport_->Read(buffer, sizeof(buffer), &got), IoStatus::kEof);
  client.join();
  transport_.reset();
  EXPECT_FALSE(gate_.AnyWorking());
  EXPECT_TRUE(gate_.TryEnter());
  gate_.Leave();
}

}  // namespace
}  // namespace firn::pgwire
