#include "storage/file_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <sys/stat.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <random>

namespace firn {

namespace {

Status ErrnoStatus(const std::string& what, const std::string& path, int err) {
  errno = err;
  return firn::ErrnoStatus(what + " " + path);
}

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string TempSibling(const std::string& path) {
  std::random_device rd;
  return path + ".tmp-" + std::to_string(rd()) + std::to_string(rd());
}

Status WriteAndSync(int fd, const std::string& path, std::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot write", path, errno);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return ErrnoStatus("cannot fsync", path, errno);
  return Status::OK();
}

Status WriteFileWithFlags(const std::string& path, std::string_view data, int flags) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);
  if (fd < 0) return ErrnoStatus("cannot create", path, errno);
  Status st = WriteAndSync(fd, path, data);
  if (::close(fd) != 0 && st.ok()) st = ErrnoStatus("cannot close", path, errno);
  if (!st.ok()) ::unlink(path.c_str());
  return st;
}

}  // namespace

Status ErrnoStatus(const std::string& what) {
  int err = errno;
  std::string message = what + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return Status::NoSpace(message);
  if (err == ENOENT) return Status::NotFound(message);
  return Status::IoError(message);
}

Status WriteFully(int fd, std::string_view bytes, const std::string& what) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot write " + what);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return Status::OK();
}

Status WriteFully(int fd, const std::vector<std::string_view>& parts, const std::string& what) {
  std::vector<iovec> iov;
  iov.reserve(parts.size());
  for (std::string_view p : parts) {
    if (!p.empty()) iov.push_back({const_cast<char*>(p.data()), p.size()});
  }
  size_t next = 0;  // the first iovec not fully written
  while (next < iov.size()) {
    int count = static_cast<int>(std::min<size_t>(iov.size() - next, IOV_MAX));
    ssize_t n = ::writev(fd, &iov[next], count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot write " + what);
    }
    auto done = static_cast<size_t>(n);
    while (next < iov.size() && done >= iov[next].iov_len) {
      done -= iov[next].iov_len;
      next++;
    }
    if (done > 0) {  // a short write ended inside this iovec
      iov[next].iov_base = static_cast<char*>(iov[next].iov_base) + done;
      iov[next].iov_len -= done;
    }
  }
  return Status::OK();
}

Status WriteNewFile(const std::string& path, std::string_view data) {
  return WriteFileWithFlags(path, data, O_EXCL);
}

Status PublishNewFile(const std::string& path, std::string_view data) {
  const std::string tmp = TempSibling(path);
  Status st = WriteFileWithFlags(tmp, data, O_EXCL);
  if (!st.ok()) return st;
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return ErrnoStatus("cannot publish", path, err);
  }
  ::unlink(tmp.c_str());
  return SyncDir(DirOf(path));
}

Status ReplaceFile(const std::string& path, std::string_view data) {
  const std::string tmp = TempSibling(path);
  Status st = WriteFileWithFlags(tmp, data, O_EXCL);
  if (!st.ok()) return st;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return ErrnoStatus("cannot rename into", path, err);
  }
  return SyncDir(DirOf(path));
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open directory", dir, errno);
  Status st;
  if (::fsync(fd) != 0) st = ErrnoStatus("cannot fsync directory", dir, errno);
  ::close(fd);
  return st;
}

Status MakeDirs(const std::string& dir) {
  if (dir.empty()) return Status::InvalidArgument("empty directory path");
  for (size_t pos = 1; pos <= dir.size(); pos++) {
    if (pos != dir.size() && dir[pos] != '/') continue;
    std::string prefix = dir.substr(0, pos);
    if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      return ErrnoStatus("cannot create directory", prefix, errno);
    }
  }
  struct stat sb;
  if (::stat(dir.c_str(), &sb) != 0 || !S_ISDIR(sb.st_mode)) {
    return Status::IoError("not a directory: " + dir);
  }
  return Status::OK();
}

bool FileExists(const std::string& path) {
  struct stat sb;
  return ::stat(path.c_str(), &sb) == 0;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("file " + path + " does not exist");
    return ErrnoStatus("cannot open", path, errno);
  }
  std::string out;
  char buf[64 * 1024];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoStatus("cannot read", path, err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace firn
