// WireSink: the ResultSink a Connection hands to the engine for one statement (simple
// query) or one Execute (extended protocol). It encodes rows straight into the
// MessageWriter's buffer as DataRow messages, in text or binary per result column, and
// runs the COPY sub-protocols: CopyInResponse + reading CopyData/CopyDone/CopyFail, and
// CopyOutResponse + CopyData + CopyDone.
//
// Lost connections and fatal conditions met while the engine runs (EOF or a malformed
// frame during COPY, a write failure, server shutdown) are recorded in ConnectionFlags and
// surface to the engine as a SqlError, so the statement unwinds normally; the connection
// then closes instead of answering.
// Thread-safety: used only on the connection's thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/result_sink.h"
#include "pgwire/message_reader.h"
#include "pgwire/message_writer.h"
#include "pgwire/protocol.h"
#include "types/value_io.h"

namespace firn {
class Session;
}

namespace firn::pgwire {

struct ConnectionFlags {
  bool lost = false;                 // the client is gone: send nothing more
  std::optional<ErrorFields> fatal;  // send this FATAL error, then close
};

class WireSink : public ResultSink {
 public:
  enum class Mode { kSimple, kExtended };

  // `formats` holds one format code per result column (extended protocol); empty = text.
  // All references must outlive the sink.
  WireSink(Mode mode, MessageWriter& writer, MessageReader& reader, Session& session,
           ConnectionFlags& flags, std::vector<int16_t> formats = {});

  void OnRowDescription(const std::vector<ColumnDescription>& columns) override;
  void OnRows(const DataChunk& chunk, size_t begin, size_t end) override;
  void OnValueRows(const std::vector<std::vector<Value>>& rows,
                   const std::vector<Type>& types) override;
  void OnCommandComplete(const std::string& tag) override;
  void OnEmptyQuery() override;
  void OnNotice(const Notice& notice) override;
  void BeginCopyIn(const CopyFormat& format) override;
  bool ReadCopyData(std::string* data) override;
  void BeginCopyOut(const CopyFormat& format) override;
  void WriteCopyData(std::string_view data) override;
  void EndCopyOut() override;

  // Extended protocol: the engine reported an empty query (send EmptyQueryResponse
  // instead of CommandComplete).
  bool saw_empty_query() const { return saw_empty_query_; }

 private:
  // Throws SqlError 08006 once the writer has failed.
  void CheckWritable();

  Mode mode_;
  MessageWriter& writer_;
  MessageReader& reader_;
  Session& session_;
  ConnectionFlags& flags_;
  std::vector<int16_t> formats_;

  // One DataRow of `columns` cells: -1 where is_null(col), else append(col, format, out).
  template <typename IsNull, typename Append>
  void PutDataRow(size_t columns, const IsNull& is_null, const Append& append) {
    writer_.Begin(be::kDataRow);
    writer_.PutInt16(static_cast<int16_t>(columns));
    for (size_t col = 0; col < columns; ++col) {
      if (is_null(col)) {
        writer_.PutInt32(-1);
        continue;
      }
      size_t start = writer_.BeginField();
      append(col, col < formats_.size() ? formats_[col] : int16_t{0}, &writer_.buffer());
      writer_.EndField(start);
    }
    writer_.End();
  }
  // Session settings that shape text output (TimeZone, extra_float_digits).
  IoContext io_;
  bool saw_empty_query_ = false;
  bool copy_in_done_ = false;  // CopyDone/CopyFail seen or the stream broke
};

// Builds RowDescription fields for `columns` with per-column `formats` (empty = text).
std::vector<FieldDescription> DescribeColumns(const std::vector<ColumnDescription>& columns,
                                              const std::vector<int16_t>& formats);

// Sends the ParameterStatus messages for settings the session changed since last asked.
void SendParameterStatusChanges(Session& session, MessageWriter& writer);

}  // namespace firn::pgwire
