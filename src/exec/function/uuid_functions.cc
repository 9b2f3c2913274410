// uuid functions: gen_random_uuid(), a random version-4 uuid per row (volatile, like
// random(), so it is evaluated per row and never folded). The bytes come from the kernel's
// CSPRNG, as PostgreSQL's pg_strong_random, so there is no generator state to share.
// Thread-safety: stateless functions.
#include "exec/function/kernels.h"
#include "exec/function/registration.h"

namespace firn::function_internal {
namespace {

void GenRandomUuidKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  GenerateRandomUuids(out.uuids().data(), in.count);
  SetAllValid(out, in.count);
}

}  // namespace

void RegisterUuidFunctions(FunctionRegistry& r) {
  ScalarFunction gen = Fn("gen_random_uuid", {}, kUuidT, GenRandomUuidKernel);
  gen.is_volatile = true;
  r.AddFunction(gen);
}

}  // namespace firn::function_internal
