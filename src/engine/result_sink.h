// ResultSink: how a running statement talks back to its client. The wire layer
// (pgwire/connection.cc) implements it; the engine calls it while executing.
// Thread-safety: called only from the session's own thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "types/type.h"
#include "types/vector.h"

namespace firn {

struct ColumnDescription {
  std::string name;
  Type type;
  uint32_t table_oid = 0;     // pg_class oid of the source table, 0 if none
  int16_t column_number = 0;  // attnum within that table, 0 if none
};

// A NOTICE/WARNING sent to the client while a statement runs.
struct Notice {
  std::string severity = "NOTICE";  // NOTICE, WARNING, INFO, LOG, DEBUG
  std::string sqlstate = "00000";
  std::string message;
  std::string detail;
  std::string hint;
};

struct CopyFormat {
  bool binary = false;
  int column_count = 0;
};

class ResultSink {
 public:
  virtual ~ResultSink() = default;

  // Simple-query protocol only: a row-returning statement announces its columns.
  // (Extended protocol sends RowDescription on Describe instead.)
  virtual void OnRowDescription(const std::vector<ColumnDescription>& columns) = 0;
  // Rows [begin, end) of `chunk`, in order.
  virtual void OnRows(const DataChunk& chunk, size_t begin, size_t end) = 0;
  // The same for rows held as values (a few, from an online lookup), of columns `types`.
  virtual void OnValueRows(const std::vector<std::vector<Value>>& rows,
                           const std::vector<Type>& types) {
    DataChunk chunk(types);
    for (const std::vector<Value>& row : rows) chunk.AppendRow(row);
    OnRows(chunk, 0, chunk.size());
  }
  // Simple-query protocol only: the statement finished with this command tag.
  virtual void OnCommandComplete(const std::string& tag) = 0;
  // Simple-query protocol only: the query string held no statement.
  virtual void OnEmptyQuery() = 0;
  virtual void OnNotice(const Notice& notice) = 0;

  // COPY ... FROM STDIN: BeginCopyIn sends CopyInResponse; ReadCopyData then appends the
  // next CopyData payload to *data, returns false after CopyDone, and throws SqlError
  // (57014) on CopyFail.
  virtual void BeginCopyIn(const CopyFormat& format) = 0;
  virtual bool ReadCopyData(std::string* data) = 0;

  // COPY ... TO STDOUT: CopyOutResponse, CopyData messages, CopyDone.
  virtual void BeginCopyOut(const CopyFormat& format) = 0;
  virtual void WriteCopyData(std::string_view data) = 0;
  virtual void EndCopyOut() = 0;
};

}  // namespace firn
