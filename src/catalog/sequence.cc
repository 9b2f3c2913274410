// Sequences: see sequence.h.
#include "catalog/sequence.h"

#include <string>

#include "common/sql_error.h"

namespace firn {

namespace {

[[noreturn]] void Invalid(const std::string& message) {
  throw SqlError(sqlstate::kInvalidParameterValue, message);
}

std::string Paren(int64_t v) { return "(" + std::to_string(v) + ")"; }

// One step from `value` (already handed out) with `options`; nullopt past the bounds
// without CYCLE. Written so that no sum overflows.
std::optional<int64_t> Step(const SequenceOptions& o, int64_t value) {
  if (o.increment > 0) {
    bool past = o.max >= 0 ? value > o.max - o.increment : value + o.increment > o.max;
    if (!past) return value + o.increment;
  } else {
    bool past = o.min < 0 ? value < o.min - o.increment : value + o.increment < o.min;
    if (!past) return value + o.increment;
  }
  if (!o.cycle) return std::nullopt;
  return o.increment > 0 ? o.min : o.max;
}

}  // namespace

int64_t SequenceTypeMin(TypeId type) {
  return type == TypeId::kInt2 ? INT16_MIN : type == TypeId::kInt4 ? INT32_MIN : INT64_MIN;
}

int64_t SequenceTypeMax(TypeId type) {
  return type == TypeId::kInt2 ? INT16_MAX : type == TypeId::kInt4 ? INT32_MAX : INT64_MAX;
}

const char* SequenceTypeName(TypeId type) {
  return type == TypeId::kInt2 ? "smallint" : type == TypeId::kInt4 ? "integer" : "bigint";
}

void ApplySequenceChanges(const SequenceChanges& c, SequenceOptions* o,
                          SequencePosition* position) {
  const bool creating = position == nullptr;
  // A bound at its old type's limit follows a new type (PostgreSQL: ALTER SEQUENCE ... AS).
  bool reset_max = false;
  bool reset_min = false;
  if (c.type) {
    if (*c.type != TypeId::kInt2 && *c.type != TypeId::kInt4 && *c.type != TypeId::kInt8) {
      Invalid("sequence type must be smallint, integer, or bigint");
    }
    if (!creating && *c.type != o->type) {
      reset_max = o->max == SequenceTypeMax(o->type);
      reset_min = o->min == SequenceTypeMin(o->type);
    }
    o->type = *c.type;
  }
  if (c.increment) {
    if (*c.increment == 0) Invalid("INCREMENT must not be zero");
    o->increment = *c.increment;
  }
  if (c.max && *c.max) {
    o->max = **c.max;
  } else if (creating || c.max || reset_max) {
    o->max = o->increment > 0 || reset_max ? SequenceTypeMax(o->type) : -1;
  }
  if (o->max < SequenceTypeMin(o->type) || o->max > SequenceTypeMax(o->type)) {
    Invalid("MAXVALUE " + Paren(o->max) + " is out of range for sequence data type " +
            SequenceTypeName(o->type));
  }
  if (c.min && *c.min) {
    o->min = **c.min;
  } else if (creating || c.min || reset_min) {
    o->min = o->increment < 0 || reset_min ? SequenceTypeMin(o->type) : 1;
  }
  if (o->min < SequenceTypeMin(o->type) || o->min > SequenceTypeMax(o->type)) {
    Invalid("MINVALUE " + Paren(o->min) + " is out of range for sequence data type " +
            SequenceTypeName(o->type));
  }
  if (o->min >= o->max) {
    Invalid("MINVALUE " + Paren(o->min) + " must be less than MAXVALUE " + Paren(o->max));
  }
  if (c.start) {
    o->start = *c.start;
  } else if (creating) {
    o->start = o->increment > 0 ? o->min : o->max;
  }
  if (o->start < o->min) {
    Invalid("START value " + Paren(o->start) + " cannot be less than MINVALUE " + Paren(o->min));
  }
  if (o->start > o->max) {
    Invalid("START value " + Paren(o->start) + " cannot be greater than MAXVALUE " + Paren(o->max));
  }
  SequencePosition next = creating ? SequencePosition{o->start, false} : *position;
  if (c.restart) next = SequencePosition{c.restart->value_or(o->start), false};
  if (next.value < o->min) {
    Invalid("RESTART value " + Paren(next.value) + " cannot be less than MINVALUE " +
            Paren(o->min));
  }
  if (next.value > o->max) {
    Invalid("RESTART value " + Paren(next.value) + " cannot be greater than MAXVALUE " +
            Paren(o->max));
  }
  if (c.cache) {
    if (*c.cache <= 0) Invalid("CACHE " + Paren(*c.cache) + " must be greater than zero");
    o->cache = *c.cache;
  }
  if (c.cycle) o->cycle = *c.cycle;
  if (position) *position = next;
}

int64_t SequenceState::Next(const SequenceOptions& options, const std::string& name,
                            bool* must_log) {
  std::lock_guard lock(mutex_);
  int64_t value = position_.value;
  if (position_.called) {
    std::optional<int64_t> next = Step(options, value);
    if (!next) {
      bool up = options.increment > 0;
      throw SqlError(sqlstate::kSequenceGeneratorLimitExceeded,
                     std::string("nextval: reached ") + (up ? "maximum" : "minimum") +
                         " value of sequence \"" + name + "\" " +
                         Paren(up ? options.max : options.min));
    }
    value = *next;
  }
  if (log_count_ == 0) {
    // Make a position kLogAhead values on durable, so that the next kLogAhead calls need no
    // log: a restart resumes after them (up to kLogAhead values are skipped then).
    int64_t ahead = value;
    int steps = 0;
    for (; steps < kLogAhead; steps++) {
      std::optional<int64_t> next = Step(options, ahead);
      if (!next) break;
      ahead = *next;
    }
    durable_ = SequencePosition{ahead, true};
    log_count_ = kLogAhead + 1;  // this call's value, then kLogAhead more (PostgreSQL's log_cnt)
    *must_log = true;
  }
  log_count_--;
  position_ = SequencePosition{value, true};
  return value;
}

void SequenceState::Set(SequencePosition position) {
  std::lock_guard lock(mutex_);
  position_ = position;
  durable_ = position;
  log_count_ = 0;
}

void SequenceState::Relog() {
  std::lock_guard lock(mutex_);
  durable_ = position_;
  log_count_ = 0;
}

SequencePosition SequenceState::Current() const {
  std::lock_guard lock(mutex_);
  return position_;
}

SequencePosition SequenceState::Durable() const {
  std::lock_guard lock(mutex_);
  return durable_;
}

int64_t SequenceState::LogCount() const {
  std::lock_guard lock(mutex_);
  return log_count_;
}

}  // namespace firn
