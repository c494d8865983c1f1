// Test support: starts and stops ls-emulator, reads files, makes unique hardware IDs, and
// serves canned HTTP answers. Written without exceptions so the -fno-exceptions test can use it.
#ifndef LICENSESPRING_TEST_SUPPORT_HPP
#define LICENSESPRING_TEST_SUPPORT_HPP

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace lstest {

// An environment variable, or the fallback the build system derived from the repository.
inline std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::string(fallback);
}

inline std::string emulator_path() { return env_or("LS_EMULATOR", LS_DEFAULT_EMULATOR); }
inline std::string seed_path() { return env_or("LS_EMULATOR_SEED", LS_DEFAULT_EMULATOR_SEED); }
inline std::string key_path() { return env_or("LS_EMULATOR_KEY", LS_DEFAULT_EMULATOR_KEY); }
inline std::string public_key_path() {
  return env_or("LS_EMULATOR_PUBLIC_KEY", LS_DEFAULT_EMULATOR_PUBLIC_KEY);
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A hardware ID no other test (or test process) uses.
inline std::string unique_hardware_id(const std::string& tag) {
  static std::atomic<unsigned> counter{0};
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return "cpp-" + tag + "-" + std::to_string(getpid()) + "-" + std::to_string(now % 1000000007) + "-" +
         std::to_string(counter++);
}

// A running ls-emulator (demo seed, fixed signing key), stopped on destruction.
class Emulator {
 public:
  Emulator() = default;
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;
  ~Emulator() { stop(); }

  // Starts the emulator and reads its first stdout line; false (with a message) on failure.
  bool start() {
    int out[2];
    if (pipe(out) != 0) return fail("pipe failed");
    const std::string exe = emulator_path();
    const std::string seed = seed_path();
    const std::string key = key_path();
    pid_ = fork();
    if (pid_ < 0) return fail("fork failed");
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      const int devnull = open("/dev/null", O_RDWR);
      if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDERR_FILENO);
      }
      close(out[0]);
      close(out[1]);
      execl(exe.c_str(), exe.c_str(), "--listen", "127.0.0.1:0", "--seed", seed.c_str(), "--signing-key",
            key.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    const std::string prefix = "listening on ";
    if (line.compare(0, prefix.size(), prefix) != 0) {
      stop();
      return fail("ls-emulator (" + exe + ") did not print its address; first line: '" + line + "'");
    }
    url_ = line.substr(prefix.size());
    return true;
  }

  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }

  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }

 private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  pid_t pid_ = -1;
  std::string url_;
  std::string error_;
};

// A port on 127.0.0.1 where nothing listens (bound, then released).
inline int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// Answers every connection on 127.0.0.1 with one fixed HTTP response, until destroyed. The first
// `silent` connections get no answer at all (they are held open); every answer can be delayed.
// Keeps the requests it received.
class CannedServer {
 public:
  explicit CannedServer(std::string response, int silent = 0, std::chrono::milliseconds delay = {})
      : response_(std::move(response)), silent_(silent), delay_(delay) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  CannedServer(const CannedServer&) = delete;
  CannedServer& operator=(const CannedServer&) = delete;
  ~CannedServer() {
    stopping_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Every request received so far (head and body), one string each.
  std::vector<std::string> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

  // Connections accepted so far.
  int connections() const { return connections_; }

 private:
  // Waits up to `duration`, or until the server stops.
  void wait(std::chrono::milliseconds duration) {
    const auto until = std::chrono::steady_clock::now() + duration;
    while (!stopping_ && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  void serve() {
    while (!stopping_) {
      const int conn = accept(fd_, nullptr, nullptr);
      if (conn < 0) return;
      const int number = ++connections_;
      // Read the request head and any body the Content-Length announces, then answer.
      std::string request;
      char buffer[4096];
      while (true) {
        const ssize_t n = recv(conn, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
        const std::size_t head_end = request.find("\r\n\r\n");
        if (head_end == std::string::npos) continue;
        std::size_t body = 0;
        const std::size_t cl = request.find("ontent-length:");
        if (cl != std::string::npos && cl < head_end) body = std::strtoul(request.c_str() + cl + 14, nullptr, 10);
        if (request.size() >= head_end + 4 + body) break;
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(request);
      }
      if (number <= silent_) {
        // Held open without an answer until the client gives up (closes it) or the server stops.
        pollfd poll_fd{conn, POLLIN, 0};
        char byte = 0;
        while (!stopping_ && (poll(&poll_fd, 1, 5) == 0 || recv(conn, &byte, 1, MSG_DONTWAIT) > 0)) {
        }
      } else {
        wait(delay_);
        send(conn, response_.data(), response_.size(), MSG_NOSIGNAL);
        shutdown(conn, SHUT_WR);
      }
      close(conn);
    }
  }

  std::string response_;
  int silent_;
  std::chrono::milliseconds delay_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

// An HTTP 500 answer (a ServerError), for servers whose answer only has to arrive.
inline const char* const kServerFailure =
    "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n"
    "Connection: close\r\n\r\nboom";

}  // namespace lstest

#endif  // LICENSESPRING_TEST_SUPPORT_HPP
