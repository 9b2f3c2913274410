// Qualified names written as text ('s.t', '"My Table"'), as regclass input and Firn's
// table-name arguments take them: split at unquoted dots, unquoted parts folded to lower
// case, "" inside quotes meaning one quote.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

namespace firn {

std::vector<std::string> SplitQualifiedName(const std::string& text);

}  // namespace firn
