// POSIX file access for the Parquet writer and reader: a buffered append-only file and a
// positional-read file. Errors name the path; ENOSPC/EDQUOT become Status::NoSpace.
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace firn::parquet {

class AppendFile {
 public:
  static Result<std::unique_ptr<AppendFile>> Create(const std::string& path);
  ~AppendFile();  // closes without syncing
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;

  Status Append(std::string_view data);
  // Flushes the buffer, fsyncs and closes.
  Status SyncAndClose();
  int64_t size() const { return size_; }  // bytes appended so far
  const std::string& path() const { return path_; }

 private:
  AppendFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  Status Flush();

  std::string path_;
  int fd_;
  std::string buffer_;
  int64_t size_ = 0;
};

class ReadFile {
 public:
  static Result<std::unique_ptr<ReadFile>> Open(const std::string& path);
  ~ReadFile();
  ReadFile(const ReadFile&) = delete;
  ReadFile& operator=(const ReadFile&) = delete;

  int64_t size() const { return size_; }
  // Reads exactly [offset, offset + n); Corruption if that is outside the file.
  Status Read(int64_t offset, int64_t n, std::string* out) const;

 private:
  ReadFile(std::string path, int fd, int64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}

  std::string path_;
  int fd_;
  int64_t size_;
};

}  // namespace firn::parquet
