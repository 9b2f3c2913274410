// SqlError: the one exception type that ends a statement. Every error a client can see
// carries a PostgreSQL SQLSTATE; the session boundary (engine/session.cc) catches it and
// the wire layer turns it into an ErrorResponse.
// Thread-safety: plain value type.
#pragma once

#include <stdexcept>
#include <string>

namespace firn {

// SQLSTATE codes used across the tree (PostgreSQL Appendix A). Persisted nowhere, so
// adding codes is free; keep them grouped by class.
namespace sqlstate {
inline constexpr const char* kSuccessfulCompletion = "00000";
inline constexpr const char* kWarning = "01000";
inline constexpr const char* kNoData = "02000";
inline constexpr const char* kFeatureNotSupported = "0A000";
inline constexpr const char* kCardinalityViolation = "21000";
inline constexpr const char* kDataException = "22000";
inline constexpr const char* kArraySubscriptError = "2202E";
inline constexpr const char* kStringDataRightTruncation = "22001";
inline constexpr const char* kNumericValueOutOfRange = "22003";
inline constexpr const char* kNullValueNotAllowed = "22004";
inline constexpr const char* kDatetimeFieldOverflow = "22008";
inline constexpr const char* kInvalidTimeZoneDisplacement = "22009";
inline constexpr const char* kDivisionByZero = "22012";
inline constexpr const char* kInvalidParameterValue = "22023";
inline constexpr const char* kInvalidTextRepresentation = "22P02";
inline constexpr const char* kInvalidBinaryRepresentation = "22P03";
inline constexpr const char* kBadCopyFileFormat = "22P04";
inline constexpr const char* kInvalidDatetimeFormat = "22007";
inline constexpr const char* kSequenceGeneratorLimitExceeded = "2200H";
inline constexpr const char* kInvalidArgumentForLog = "2201E";
inline constexpr const char* kInvalidArgumentForPower = "2201F";
inline constexpr const char* kInvalidRowCountInLimit = "2201W";
inline constexpr const char* kInvalidRowCountInOffset = "2201X";
inline constexpr const char* kCharacterNotInRepertoire = "22021";
inline constexpr const char* kNotNullViolation = "23502";
inline constexpr const char* kUniqueViolation = "23505";
inline constexpr const char* kCheckViolation = "23514";
inline constexpr const char* kInvalidCursorState = "24000";
inline constexpr const char* kInvalidTransactionState = "25000";
inline constexpr const char* kActiveSqlTransaction = "25001";
inline constexpr const char* kNoActiveSqlTransaction = "25P01";
inline constexpr const char* kInvalidSavepointSpecification = "3B001";
inline constexpr const char* kReadOnlySqlTransaction = "25006";
inline constexpr const char* kInFailedSqlTransaction = "25P02";
inline constexpr const char* kIdleInTransactionSessionTimeout = "25P03";
inline constexpr const char* kInvalidSqlStatementName = "26000";
inline constexpr const char* kInvalidAuthorizationSpecification = "28000";
inline constexpr const char* kInvalidPassword = "28P01";
inline constexpr const char* kInvalidCursorName = "34000";
inline constexpr const char* kInvalidCatalogName = "3D000";
inline constexpr const char* kInvalidSchemaName = "3F000";
inline constexpr const char* kSerializationFailure = "40001";
inline constexpr const char* kSyntaxError = "42601";
inline constexpr const char* kGeneratedAlways = "428C9";
inline constexpr const char* kInsufficientPrivilege = "42501";
inline constexpr const char* kGroupingError = "42803";
inline constexpr const char* kWindowingError = "42P20";
inline constexpr const char* kDatatypeMismatch = "42804";
inline constexpr const char* kCannotCoerce = "42846";
inline constexpr const char* kUndefinedColumn = "42703";
inline constexpr const char* kUndefinedFunction = "42883";
inline constexpr const char* kUndefinedTable = "42P01";
inline constexpr const char* kInvalidName = "42602";
inline constexpr const char* kUndefinedParameter = "42P02";
inline constexpr const char* kUndefinedObject = "42704";
inline constexpr const char* kDuplicateColumn = "42701";
inline constexpr const char* kDuplicateTable = "42P07";
inline constexpr const char* kDuplicateSchema = "42P06";
inline constexpr const char* kDuplicateObject = "42710";
inline constexpr const char* kDuplicatePreparedStatement = "42P05";
inline constexpr const char* kDuplicateCursor = "42P03";
inline constexpr const char* kAmbiguousColumn = "42702";
inline constexpr const char* kAmbiguousFunction = "42725";
inline constexpr const char* kAmbiguousAlias = "42P09";
inline constexpr const char* kInvalidColumnReference = "42P10";
inline constexpr const char* kIndeterminateDatatype = "42P18";
inline constexpr const char* kInvalidRecursion = "42P19";
inline constexpr const char* kWrongObjectType = "42809";
inline constexpr const char* kInvalidTableDefinition = "42P16";
inline constexpr const char* kInvalidObjectDefinition = "42P17";
inline constexpr const char* kDependentObjectsStillExist = "2BP01";
inline constexpr const char* kProgramLimitExceeded = "54000";
inline constexpr const char* kStatementTooComplex = "54001";
inline constexpr const char* kTooManyColumns = "54011";
inline constexpr const char* kTooManyArguments = "54023";
inline constexpr const char* kObjectNotInPrerequisiteState = "55000";
inline constexpr const char* kQueryCanceled = "57014";
inline constexpr const char* kAdminShutdown = "57P01";
inline constexpr const char* kIdleSessionTimeout = "57P05";
inline constexpr const char* kInsufficientResources = "53000";
inline constexpr const char* kTooManyConnections = "53300";
inline constexpr const char* kOutOfMemory = "53200";
inline constexpr const char* kDiskFull = "53100";
inline constexpr const char* kIoError = "58030";
inline constexpr const char* kUndefinedFile = "58P01";
inline constexpr const char* kProtocolViolation = "08P01";
inline constexpr const char* kConnectionFailure = "08006";
inline constexpr const char* kInternalError = "XX000";
inline constexpr const char* kDataCorrupted = "XX001";
}  // namespace sqlstate

// The database object an error is about: ErrorResponse fields s, t, c and n, which let a
// client (psycopg's Diagnostics, pgjdbc's ServerErrorMessage) tell which constraint failed
// without parsing the message. Empty fields are not sent.
struct ErrorSubject {
  std::string schema;
  std::string table;
  std::string column;
  std::string constraint;
};

class SqlError : public std::runtime_error {
 public:
  SqlError(std::string sqlstate, std::string message)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}

  const std::string& sqlstate() const { return sqlstate_; }
  // Character offset into the statement text, 1-based as PostgreSQL reports; 0 = none.
  int position() const { return position_; }
  const std::string& detail() const { return detail_; }
  const std::string& hint() const { return hint_; }
  // Where it happened, as PostgreSQL's CONTEXT line says (`COPY t, line 3, column c: "x"`).
  const std::string& context() const { return context_; }
  const ErrorSubject& subject() const { return subject_; }

  SqlError&& WithPosition(int position) && {
    position_ = position;
    return std::move(*this);
  }
  SqlError&& WithDetail(std::string detail) && {
    detail_ = std::move(detail);
    return std::move(*this);
  }
  SqlError&& WithHint(std::string hint) && {
    hint_ = std::move(hint);
    return std::move(*this);
  }
  SqlError&& WithContext(std::string context) && {
    context_ = std::move(context);
    return std::move(*this);
  }
  SqlError&& WithSubject(ErrorSubject subject) && {
    subject_ = std::move(subject);
    return std::move(*this);
  }
  void set_position(int position) { position_ = position; }

 private:
  std::string sqlstate_;
  int position_ = 0;
  std::string detail_;
  std::string hint_;
  std::string context_;
  ErrorSubject subject_;
};

class Status;
// The SQLSTATE a storage error reaches the client with: 53100 disk full, XX001 corrupt
// data, 58P01 a missing file, 0A000 a value the storage cannot represent, 58030 any other
// I/O error.
const char* SqlStateOf(const Status& status);

}  // namespace firn
