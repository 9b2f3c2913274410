// WireSink: results and COPY over the wire; see wire_sink.h.
#include "pgwire/wire_sink.h"

#include <cstdio>

#include "common/sql_error.h"
#include "engine/session.h"
#include "pgwire/messages.h"
#include "pgwire/protocol.h"
#include "pgwire/value_encoding.h"

namespace firn::pgwire {

std::vector<FieldDescription> DescribeColumns(const std::vector<ColumnDescription>& columns,
                                              const std::vector<int16_t>& formats) {
  std::vector<FieldDescription> fields;
  fields.reserve(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnDescription& c = columns[i];
    FieldDescription f;
    f.name = c.name;
    f.table_oid = c.table_oid;
    f.column_number = c.column_number;
    f.type_oid = c.type.Oid();
    f.type_length = c.type.TypeLength();
    f.type_modifier = c.type.typmod;
    f.format = i < formats.size() ? formats[i] : 0;
    fields.push_back(f);
  }
  return fields;
}

void SendParameterStatusChanges(Session& session, MessageWriter& writer) {
  for (const auto& [name, value] : session.TakeParameterStatusChanges()) {
    writer.ParameterStatus(name, value);
  }
}

WireSink::WireSink(Mode mode, MessageWriter& writer, MessageReader& reader, Session& session,
                   ConnectionFlags& flags, std::vector<int16_t> formats)
    : mode_(mode),
      writer_(writer),
      reader_(reader),
      session_(session),
      flags_(flags),
      formats_(std::move(formats)) {}

void WireSink::CheckWritable() {
  if (writer_.failed()) {
    flags_.lost = true;
    throw SqlError(sqlstate::kConnectionFailure, "could not send data to client");
  }
}

void WireSink::OnRowDescription(const std::vector<ColumnDescription>& columns) {
  if (mode_ != Mode::kSimple) return;  // extended protocol describes on Describe
  writer_.RowDescription(DescribeColumns(columns, {}));
}

void WireSink::OnRows(const DataChunk& chunk, size_t begin, size_t end) {
  io_ = session_.OutputContext();  // a SET earlier in this query may have changed it
  for (size_t row = begin; row < end; ++row) {
    PutDataRow(
        chunk.column_count(), [&](size_t col) { return chunk.column(col).IsNull(row); },
        [&](size_t col, int16_t format, std::string* out) {
          AppendCell(chunk.column(col), row, format, io_, out);
        });
  }
  CheckWritable();
}

void WireSink::OnValueRows(const std::vector<std::vector<Value>>& rows,
                           const std::vector<Type>& types) {
  io_ = session_.OutputContext();
  for (const std::vector<Value>& row : rows) {
    PutDataRow(
        row.size(), [&](size_t col) { return row[col].is_null(); },
        [&](size_t col, int16_t format, std::string* out) {
          AppendCell(row[col], types[col], format, io_, out);
        });
  }
  CheckWritable();
}

void WireSink::OnCommandComplete(const std::string& tag) {
  if (mode_ != Mode::kSimple) return;  // Execute reports its own completion
  writer_.CommandComplete(tag);
  SendParameterStatusChanges(session_, writer_);
  CheckWritable();
}

void WireSink::OnEmptyQuery() {
  saw_empty_query_ = true;
  if (mode_ == Mode::kSimple) writer_.EmptyQueryResponse();
}

void WireSink::OnNotice(const Notice& notice) {
  ErrorFields f;
  f.severity = notice.severity;
  f.sqlstate = notice.sqlstate;
  f.message = notice.message;
  f.detail = notice.detail;
  f.hint = notice.hint;
  writer_.NoticeResponse(f);
  // Notices (backfill progress, say) should reach the client while the statement runs.
  writer_.Flush();
  CheckWritable();
}

void WireSink::BeginCopyIn(const CopyFormat& format) {
  copy_in_done_ = false;
  writer_.CopyResponse(be::kCopyInResponse, format.binary, format.column_count);
  writer_.Flush();
  CheckWritable();
}

bool WireSink::ReadCopyData(std::string* data) {
  // After CopyDone, CopyFail or a broken stream there is nothing more to read: the client
  // will not send further CopyData, so waiting for it would hang.
  if (copy_in_done_) return false;
  while (true) {
    if (!reader_.HasBufferedMessage()) writer_.Flush();
    Message m;
    std::string error;
    switch (reader_.ReadMessage(&m, &error)) {
      case ReadStatus::kOk:
        break;
      case ReadStatus::kShutdown: {
        copy_in_done_ = true;
        ErrorFields f;
        f.severity = "FATAL";
        f.sqlstate = sqlstate::kAdminShutdown;
        f.message = "terminating connection due to administrator command";
        flags_.fatal = f;
        throw SqlError(f.sqlstate, f.message);
      }
      case ReadStatus::kMalformed: {
        copy_in_done_ = true;
        ErrorFields f;
        f.severity = "FATAL";
        f.sqlstate = sqlstate::kProtocolViolation;
        f.message = error;
        flags_.fatal = f;
        throw SqlError(f.sqlstate, f.message);
      }
      case ReadStatus::kEof:
      case ReadStatus::kTimeout:
      case ReadStatus::kIoError:
        copy_in_done_ = true;
        flags_.lost = true;
        throw SqlError(sqlstate::kConnectionFailure,
                       "unexpected EOF on client connection with an open transaction");
    }
    switch (m.type) {
      case fe::kCopyData:
        data->append(m.body.data(), m.body.size());
        return true;
      case fe::kCopyDone:
        copy_in_done_ = true;
        return false;
      case fe::kCopyFail: {
        copy_in_done_ = true;
        auto fail = DecodeCopyFail(m.body);
        throw SqlError(
            sqlstate::kQueryCanceled,
            "COPY from stdin failed: " +
                (fail.ok() ? fail.value().message : std::string("(malformed CopyFail)")));
      }
      case fe::kFlush:
      case fe::kSync:
        continue;  // ignored during COPY, as PostgreSQL does
      case fe::kTerminate:
        copy_in_done_ = true;
        flags_.lost = true;
        throw SqlError(sqlstate::kConnectionFailure,
                       "client terminated the connection during COPY");
      default: {
        char text[64];
        std::snprintf(text, sizeof(text), "unexpected message type 0x%02X during COPY from stdin",
                      static_cast<unsigned char>(m.type));
        throw SqlError(sqlstate::kProtocolViolation, text);
      }
    }
  }
}

void WireSink::BeginCopyOut(const CopyFormat& format) {
  writer_.CopyResponse(be::kCopyOutResponse, format.binary, format.column_count);
  CheckWritable();
}

void WireSink::WriteCopyData(std::string_view data) {
  writer_.CopyData(data);
  CheckWritable();
}

void WireSink::EndCopyOut() {
  writer_.CopyDone();
  CheckWritable();
}

}  // namespace firn::pgwire
