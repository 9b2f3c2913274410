// Sliding-frame aggregates for the window operator; see window_frame_aggregate.h for the
// strategy per aggregate. Thread-safety: objects belong to one execution.
#include "exec/window_frame_aggregate.h"

#include <cmath>
#include <deque>
#include <map>
#include <utility>

#include "common/sql_error.h"
#include "types/datetime.h"

namespace firn {
namespace {

// The running state of one aggregate over the rows currently in the frame. Add and Remove
// are only called for rows that count (FILTER holds and, except for the GROUP BY fallback,
// the argument is not NULL); rows leave in the order they entered.
class Accumulator {
 public:
  virtual ~Accumulator() = default;
  // False when rows cannot leave: the frame is then rebuilt whenever its start moves.
  virtual bool removable() const = 0;
  virtual void Reset() = 0;
  virtual void Add(size_t row) = 0;
  virtual void Remove(size_t) {}
  virtual Value Result() = 0;
  // Adds the counted rows of [lo, hi).
  virtual void AddRange(size_t lo, size_t hi, const std::vector<uint8_t>& use) {
    for (size_t r = lo; r < hi; r++) {
      if (use[r]) Add(r);
    }
  }
};

// Drives an Accumulator over monotonically moving frames.
class SlidingAggregate : public FrameAggregate {
 public:
  SlidingAggregate(std::unique_ptr<Accumulator> acc, std::vector<uint8_t> use)
      : acc_(std::move(acc)), use_(std::move(use)) {}

  void StartPartition(size_t begin, size_t) override {
    acc_->Reset();
    lo_ = hi_ = begin;
    memo_valid_ = false;
  }

  Value Evaluate(size_t lo, size_t hi) override {
    if (memo_valid_ && lo == memo_lo_ && hi == memo_hi_) return memo_;
    if (lo >= hi_ || (lo != lo_ && !acc_->removable())) {
      if (hi_ > lo_) acc_->Reset();
      lo_ = hi_ = lo;
    }
    if (hi > hi_) {
      acc_->AddRange(hi_, hi, use_);
      hi_ = hi;
    }
    for (; lo_ < lo; lo_++) {
      if (use_[lo_]) acc_->Remove(lo_);
    }
    memo_ = acc_->Result();
    memo_lo_ = lo;
    memo_hi_ = hi;
    memo_valid_ = true;
    return memo_;
  }

 private:
  std::unique_ptr<Accumulator> acc_;
  std::vector<uint8_t> use_;
  size_t lo_ = 0, hi_ = 0;
  bool memo_valid_ = false;
  size_t memo_lo_ = 0, memo_hi_ = 0;
  Value memo_;
};

// ---- Removable accumulators ---------------------------------------------------------------

class CountAccumulator : public Accumulator {
 public:
  bool removable() const override { return true; }
  void Reset() override { n_ = 0; }
  void Add(size_t) override { n_++; }
  void Remove(size_t) override { n_--; }
  Value Result() override { return Value::Int8(n_); }

 private:
  int64_t n_ = 0;
};

// sum/avg over int2/int4/int8, exact in 128 bits.
class IntSumAccumulator : public Accumulator {
 public:
  IntSumAccumulator(const Vector& arg, bool avg, Type result)
      : data_(arg.ints().data()), avg_(avg), result_(result) {}
  bool removable() const override { return true; }
  void Reset() override { sum_ = 0, n_ = 0; }
  void Add(size_t r) override { sum_ += data_[r], n_++; }
  void Remove(size_t r) override { sum_ -= data_[r], n_--; }
  Value Result() override { return FinishIntegerSum(sum_, n_, avg_, result_); }

 private:
  const int64_t* data_;
  bool avg_;
  Type result_;
  __int128 sum_ = 0;
  int64_t n_ = 0;
};

// sum/avg over numeric. Finite values are summed exactly; NaN and infinities are counted so
// they can leave again. The result's display scale is the largest among the rows in the
// frame, as if the frame had been aggregated afresh.
class NumericSumAccumulator : public Accumulator {
 public:
  NumericSumAccumulator(const Vector& arg, bool avg) : data_(arg.numerics().data()), avg_(avg) {}
  bool removable() const override { return true; }
  void Reset() override {
    sum_ = Numeric();
    n_ = nan_ = pos_inf_ = neg_inf_ = 0;
    scales_.clear();
  }
  void Add(size_t r) override { Apply(data_[r], 1); }
  void Remove(size_t r) override { Apply(data_[r], -1); }
  Value Result() override {
    if (n_ == 0) return Value::Null(Type(TypeId::kNumeric));
    if (nan_ > 0 || (pos_inf_ > 0 && neg_inf_ > 0)) return Value::MakeNumeric(Numeric::NaN());
    if (pos_inf_ > 0 || neg_inf_ > 0) return Value::MakeNumeric(Numeric::Infinity(neg_inf_ > 0));
    Numeric s = sum_;
    if (!scales_.empty() && s.dscale() != scales_.rbegin()->first)
      s = s.Round(scales_.rbegin()->first);
    if (avg_) s = s.Div(Numeric::FromInt64(n_));
    return Value::MakeNumeric(std::move(s));
  }

 private:
  void Apply(const Numeric& x, int delta) {
    n_ += delta;
    if (x.IsNaN()) {
      nan_ += delta;
    } else if (x.IsInf()) {
      (x.IsNegative() ? neg_inf_ : pos_inf_) += delta;
    } else {
      sum_ = delta > 0 ? sum_.Add(x) : sum_.Sub(x);
      auto it = scales_.emplace(x.dscale(), 0).first;
      it->second += delta;
      if (it->second == 0) scales_.erase(it);
    }
  }

  const Numeric* data_;
  bool avg_;
  Numeric sum_;
  int64_t n_ = 0, nan_ = 0, pos_inf_ = 0, neg_inf_ = 0;
  std::map<int, int64_t> scales_;  // display scale -> finite rows with it
};

// sum/avg over interval.
class IntervalSumAccumulator : public Accumulator {
 public:
  IntervalSumAccumulator(const Vector& arg, bool avg) : data_(arg.intervals().data()), avg_(avg) {}
  bool removable() const override { return true; }
  void Reset() override { sum_ = Interval{}, n_ = 0; }
  void Add(size_t r) override { sum_ = IntervalAdd(sum_, data_[r]), n_++; }
  void Remove(size_t r) override { sum_ = IntervalSub(sum_, data_[r]), n_--; }
  Value Result() override {
    if (n_ == 0) return Value::Null(Type(TypeId::kInterval));
    return Value::MakeInterval(avg_ ? IntervalDiv(sum_, static_cast<double>(n_)) : sum_);
  }

 private:
  const Interval* data_;
  bool avg_;
  Interval sum_;
  int64_t n_ = 0;
};

class BoolAccumulator : public Accumulator {
 public:
  BoolAccumulator(const Vector& arg, bool is_or) : data_(arg.ints().data()), is_or_(is_or) {}
  bool removable() const override { return true; }
  void Reset() override { trues_ = falses_ = 0; }
  void Add(size_t r) override { (data_[r] ? trues_ : falses_)++; }
  void Remove(size_t r) override { (data_[r] ? trues_ : falses_)--; }
  Value Result() override {
    if (trues_ + falses_ == 0) return Value::Null(Type(TypeId::kBool));
    return Value::Bool(is_or_ ? trues_ > 0 : falses_ == 0);
  }

 private:
  const int64_t* data_;
  bool is_or_;
  int64_t trues_ = 0, falses_ = 0;
};

// min/max: a deque of candidate rows whose values strictly improve from back to front.
// Among equal values the latest row is kept, as PostgreSQL's min/max transition does.
class MinMaxAccumulator : public Accumulator {
 public:
  MinMaxAccumulator(const Vector& arg, bool is_max, Type result)
      : arg_(arg), is_max_(is_max), result_(result) {}
  bool removable() const override { return true; }
  void Reset() override { deque_.clear(); }
  void Add(size_t r) override {
    Value v = arg_.GetValue(r);
    while (!deque_.empty()) {
      int c = CompareValues(v, deque_.back().second);
      if (is_max_ ? c < 0 : c > 0) break;
      deque_.pop_back();
    }
    deque_.emplace_back(r, std::move(v));
  }
  void Remove(size_t r) override {
    if (!deque_.empty() && deque_.front().first == r) deque_.pop_front();
  }
  Value Result() override {
    if (deque_.empty()) return Value::Null(result_);
    return deque_.front().second.WithType(result_);
  }

 private:
  const Vector& arg_;
  bool is_max_;
  Type result_;
  std::deque<std::pair<size_t, Value>> deque_;
};

// ---- Add-only accumulators (restarted when the frame start moves) --------------------------

// sum/avg over floats in row order, rounding to float4 after each step for sum(float4).
class FloatSumAccumulator : public Accumulator {
 public:
  FloatSumAccumulator(const Vector& arg, bool avg, Type result)
      : data_(arg.doubles().data()), avg_(avg), result_(result) {}
  bool removable() const override { return false; }
  void Reset() override { sum_ = 0, n_ = 0; }
  void Add(size_t r) override {
    sum_ += data_[r];
    if (!avg_ && result_.id == TypeId::kFloat4) sum_ = static_cast<float>(sum_);
    n_++;
  }
  Value Result() override {
    if (n_ == 0) return Value::Null(result_);
    if (avg_) return Value::Float8(sum_ / static_cast<double>(n_));
    return Value::FromDouble(result_, sum_);
  }

 private:
  const double* data_;
  bool avg_;
  Type result_;
  double sum_ = 0;
  int64_t n_ = 0;
};

// Variance family over floats (Youngs-Cramer, as the GROUP BY path and PostgreSQL).
class FloatVarianceAccumulator : public Accumulator {
 public:
  FloatVarianceAccumulator(const Vector& arg, const std::string& name)
      : data_(arg.doubles().data()),
        pop_(name == "stddev_pop" || name == "var_pop"),
        stddev_(name.rfind("stddev", 0) == 0) {}
  bool removable() const override { return false; }
  void Reset() override { n_ = sx_ = sxx_ = 0; }
  void Add(size_t r) override {
    double x = data_[r];
    n_ += 1.0;
    sx_ += x;
    if (n_ > 1.0) {
      double t = x * n_ - sx_;
      sxx_ += t * t / (n_ * (n_ - 1.0));
    }
  }
  Value Result() override {
    if (n_ == 0 || (!pop_ && n_ < 2)) return Value::Null(Type(TypeId::kFloat8));
    double var = sxx_ / (pop_ ? n_ : n_ - 1.0);
    return Value::Float8(stddev_ ? std::sqrt(var) : var);
  }

 private:
  const double* data_;
  bool pop_, stddev_;
  double n_ = 0, sx_ = 0, sxx_ = 0;
};

// Any aggregate through the GROUP BY accumulators (one group).
class GroupedAccumulator : public Accumulator {
 public:
  GroupedAccumulator(const AggregateSpec& spec, const FrameAggregateInput& input)
      : spec_(spec), input_(input) {}
  bool removable() const override { return false; }
  void Reset() override {
    agg_ = MakeGroupedAggregate(spec_, input_.time_zone);
    agg_->Resize(1);
  }
  void Add(size_t r) override { AddRange(r, r + 1, input_.active); }
  void AddRange(size_t lo, size_t hi, const std::vector<uint8_t>& use) override {
    std::vector<uint32_t> sel;
    for (size_t r = lo; r < hi; r++) {
      if (use[r]) sel.push_back(static_cast<uint32_t>(r));
    }
    if (sel.empty()) return;
    std::vector<Vector> args, order;
    std::vector<const Vector*> arg_ptrs, order_ptrs;
    for (const Vector& v : input_.args) args.push_back(v.Select(sel));
    for (const Vector& v : input_.order) order.push_back(v.Select(sel));
    for (const Vector& v : args) arg_ptrs.push_back(&v);
    for (const Vector& v : order) order_ptrs.push_back(&v);
    std::vector<uint32_t> ids(sel.size(), 0);
    std::vector<uint8_t> all(sel.size(), 1);
    agg_->Update(ids.data(), arg_ptrs, order_ptrs, all.data(), sel.size());
  }
  Value Result() override { return agg_->Finalize(0); }

 private:
  const AggregateSpec& spec_;
  const FrameAggregateInput& input_;
  std::unique_ptr<GroupedAggregate> agg_;
};

// ---- Float sums over moving frames: a segment tree of partial sums ------------------------

// Partial sums are combined in tree order rather than row order, so a result may differ
// from PostgreSQL's (which re-sums the frame from its first row) in the last bits.
class FloatTreeAggregate : public FrameAggregate {
 public:
  FloatTreeAggregate(const Vector& arg, std::vector<uint8_t> use, bool avg, Type result)
      : arg_(arg), use_(std::move(use)), avg_(avg), result_(result) {}

  void StartPartition(size_t begin, size_t end) override {
    begin_ = begin;
    size_t m = end - begin;
    tree_.assign(2 * m, 0.0);
    counts_.assign(m + 1, 0);
    const double* data = arg_.doubles().data();
    for (size_t i = 0; i < m; i++) {
      bool use = use_[begin + i] != 0;
      tree_[m + i] = use ? data[begin + i] : 0.0;
      counts_[i + 1] = counts_[i] + (use ? 1 : 0);
    }
    for (size_t i = m; i-- > 1;) tree_[i] = tree_[2 * i] + tree_[2 * i + 1];
  }

  Value Evaluate(size_t lo, size_t hi) override {
    size_t l = lo - begin_, r = hi - begin_;
    int64_t n = counts_[r] - counts_[l];
    if (n == 0) return Value::Null(result_);
    size_t m = counts_.size() - 1;
    double sum = 0;
    for (l += m, r += m; l < r; l >>= 1, r >>= 1) {
      if (l & 1) sum += tree_[l++];
      if (r & 1) sum += tree_[--r];
    }
    if (avg_) return Value::Float8(sum / static_cast<double>(n));
    return Value::FromDouble(result_,
                             result_.id == TypeId::kFloat4 ? static_cast<float>(sum) : sum);
  }

 private:
  const Vector& arg_;
  std::vector<uint8_t> use_;
  bool avg_;
  Type result_;
  size_t begin_ = 0;
  std::vector<double> tree_;     // tree_[m + i] = row begin_ + i; tree_[k] = children's sum
  std::vector<int64_t> counts_;  // prefix counts of counted rows
};

bool IsVarianceName(const std::string& n) {
  return n == "stddev" || n == "stddev_samp" || n == "stddev_pop" || n == "variance" ||
         n == "var_samp" || n == "var_pop";
}

}  // namespace

std::unique_ptr<FrameAggregate> MakeFrameAggregate(const AggregateSpec& spec,
                                                   const FrameAggregateInput& input,
                                                   bool start_moves) {
  const std::string& name = spec.name;
  bool plain = !spec.distinct && spec.order_exprs.empty();
  if (plain) {
    // Rows that count: FILTER holds and the (first) argument is not NULL.
    std::vector<uint8_t> use = input.active;
    if (!input.args.empty()) {
      const uint8_t* nulls = input.args[0].nulls();
      for (size_t r = 0; r < use.size(); r++) use[r] &= nulls[r] ^ 1;
    }
    auto sliding = [&use](std::unique_ptr<Accumulator> acc) -> std::unique_ptr<FrameAggregate> {
      return std::make_unique<SlidingAggregate>(std::move(acc), std::move(use));
    };
    TypeId in = spec.arg_types.empty() ? TypeId::kUnknown : spec.arg_types[0].id;
    const Vector* arg = input.args.empty() ? nullptr : &input.args[0];
    bool is_float = in == TypeId::kFloat4 || in == TypeId::kFloat8;
    if (name == "count") return sliding(std::make_unique<CountAccumulator>());
    if (name == "sum" || name == "avg") {
      bool avg = name == "avg";
      if (IsIntegerType(in)) {
        return sliding(std::make_unique<IntSumAccumulator>(*arg, avg, spec.result_type));
      }
      if (in == TypeId::kNumeric)
        return sliding(std::make_unique<NumericSumAccumulator>(*arg, avg));
      if (in == TypeId::kInterval) {
        return sliding(std::make_unique<IntervalSumAccumulator>(*arg, avg));
      }
      if (is_float && start_moves) {
        return std::make_unique<FloatTreeAggregate>(*arg, std::move(use), avg, spec.result_type);
      }
      if (is_float) {
        return sliding(std::make_unique<FloatSumAccumulator>(*arg, avg, spec.result_type));
      }
    }
    if (name == "min" || name == "max") {
      return sliding(std::make_unique<MinMaxAccumulator>(*arg, name == "max", spec.result_type));
    }
    if (name == "bool_and" || name == "every" || name == "bool_or") {
      return sliding(std::make_unique<BoolAccumulator>(*arg, name == "bool_or"));
    }
    if (IsVarianceName(name) && is_float) {
      return sliding(std::make_unique<FloatVarianceAccumulator>(*arg, name));
    }
  }
  return std::make_unique<SlidingAggregate>(std::make_unique<GroupedAccumulator>(spec, input),
                                            input.active);
}

}  // namespace firn
