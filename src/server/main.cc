// The `firn` binary: parses the command line (server/cli.h) and runs the Server until
// SIGINT or SIGTERM. Signals are blocked in every thread and consumed by one dedicated
// thread with sigwait(), which asks the server to shut down; no signal handler runs and
// no global state is shared.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "server/cli.h"
#include "server/listen_address.h"
#include "server/server.h"

namespace {

int Serve(const firn::server::ServeOptions& options) {
  auto addresses = firn::server::ResolveListenAddress(options.listen, options.port);
  if (!addresses.ok()) {
    std::fprintf(stderr, "firn: %s\n", addresses.status().message().c_str());
    return 2;
  }
  if (options.password.empty() && !firn::server::AllLoopback(addresses.value())) {
    std::fprintf(stderr,
                 "firn: refusing to listen on non-loopback address \"%s\" without a password.\n"
                 "Set one with --password or FIRN_PASSWORD (the superuser \"firn\" will need it),\n"
                 "or listen on 127.0.0.1.\n",
                 options.listen.c_str());
    return 2;
  }

  // Block the shutdown signals before any thread starts, so that every thread inherits
  // the mask and only the sigwait() thread below ever sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  firn::server::Server server(options);
  firn::Status status = server.Start();
  if (!status.ok()) {
    server.logger().Error(status.message());
    return 1;
  }
  std::thread signal_thread([&server, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.logger().Info(std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
                         ": shutting down");
    server.Shutdown();
  });
  server.Run();
  // Wake the signal thread if Run() ended for another reason; it ignores the extra signal.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto cmd =
      firn::server::ParseCommandLine(args, [](const char* name) { return std::getenv(name); });
  switch (cmd.kind) {
    case firn::server::CliCommand::Kind::kHelp:
      std::fputs(firn::server::MainHelpText().c_str(), stdout);
      return 0;
    case firn::server::CliCommand::Kind::kVersion:
      std::fputs(firn::server::VersionText().c_str(), stdout);
      return 0;
    case firn::server::CliCommand::Kind::kServeHelp:
      std::fputs(firn::server::ServeHelpText().c_str(), stdout);
      return 0;
    case firn::server::CliCommand::Kind::kError:
      std::fprintf(stderr, "firn: %s\nTry \"firn --help\" for more information.\n",
                   cmd.error.c_str());
      return 2;
    case firn::server::CliCommand::Kind::kServe:
      return Serve(cmd.serve);
  }
  return 2;
}
