#include "storage/parquet/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace firn::parquet {
namespace {

constexpr size_t kBufferBytes = size_t{1} << 20;

Status ErrnoStatus(const std::string& what, const std::string& path, int err) {
  std::string msg = what + " " + path + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return Status::NoSpace(msg);
  return Status::IoError(msg);
}

}  // namespace

Result<std::unique_ptr<AppendFile>> AppendFile::Create(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("cannot create", path, errno);
  return std::unique_ptr<AppendFile>(new AppendFile(path, fd));
}

AppendFile::~AppendFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status AppendFile::Append(std::string_view data) {
  if (fd_ < 0) return Status::IoError("write to closed file " + path_);
  buffer_.append(data);
  size_ += static_cast<int64_t>(data.size());
  if (buffer_.size() >= kBufferBytes) return Flush();
  return Status::OK();
}

Status AppendFile::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      buffer_.clear();
      return ErrnoStatus("cannot write", path_, err);
    }
    if (n == 0) {
      buffer_.clear();
      return ErrnoStatus("cannot write", path_, ENOSPC);
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return Status::OK();
}

Status AppendFile::SyncAndClose() {
  Status s = Flush();
  if (s.ok() && ::fsync(fd_) != 0 && errno != EINVAL) s = ErrnoStatus("cannot sync", path_, errno);
  if (::close(fd_) != 0 && s.ok()) s = ErrnoStatus("cannot close", path_, errno);
  fd_ = -1;
  return s;
}

Result<std::unique_ptr<ReadFile>> ReadFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound("no such file " + path);
    return ErrnoStatus("cannot open", path, err);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("cannot stat", path, err);
  }
  return std::unique_ptr<ReadFile>(new ReadFile(path, fd, static_cast<int64_t>(st.st_size)));
}

ReadFile::~ReadFile() { ::close(fd_); }

Status ReadFile::Read(int64_t offset, int64_t n, std::string* out) const {
  if (offset < 0 || n < 0 || offset > size_ || n > size_ - offset) {
    return Status::Corruption(path_ + ": read of " + std::to_string(n) + " bytes at offset " +
                              std::to_string(offset) + " is outside the file (" +
                              std::to_string(size_) + " bytes)");
  }
  out->resize(static_cast<size_t>(n));
  int64_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd_, out->data() + done, static_cast<size_t>(n - done), offset + done);
    if (r < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot read", path_, errno);
    }
    if (r == 0) return Status::Corruption(path_ + ": file shrank while reading");
    done += r;
  }
  return Status::OK();
}

}  // namespace firn::parquet
