// Transitional forwarding header: Vector and DataChunk live in types/vector.h.
#pragma once
#include "types/vector.h"
