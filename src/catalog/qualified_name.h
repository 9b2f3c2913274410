// Qualified names written as text ('s.t', '"My Table"'), as regclass input and Firn's
// table-name arguments take them: split at unquoted dots, unquoted parts folded to lower
// case, "" inside quotes meaning one quote; and identifiers quoted for such text.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

namespace firn {

std::vector<std::string> SplitQualifiedName(const std::string& text);

// An identifier as PostgreSQL's quote_ident writes it: in double quotes (inner quotes
// doubled) unless it is a lower-case name that is not a reserved word.
std::string QuoteIdent(const std::string& id);

}  // namespace firn
