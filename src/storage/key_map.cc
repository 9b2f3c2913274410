#include "storage/key_map.h"

#include <cstring>

namespace firn {

uint64_t KeyMap::Word(std::string_view key) {
  uint64_t word = 0;
  std::memcpy(&word, key.data(), sizeof word);
  return word;
}

size_t KeyMap::Probe(uint64_t word) const {
  size_t i = Home(word);
  while (slots_[i].value != kEmpty && slots_[i].key != word) i = (i + 1) & mask_;
  return i;
}

uint64_t* KeyMap::Find(std::string_view key) {
  if (key.size() != sizeof(uint64_t)) {
    auto it = others_.find(std::string(key));
    return it == others_.end() ? nullptr : &it->second;
  }
  if (slots_.empty()) return nullptr;
  Slot& slot = slots_[Probe(Word(key))];
  return slot.value == kEmpty ? nullptr : &slot.value;
}

std::pair<uint64_t*, bool> KeyMap::Insert(std::string_view key, uint64_t value) {
  if (key.size() != sizeof(uint64_t)) {
    auto [it, added] = others_.emplace(std::string(key), value);
    return {&it->second, added};
  }
  if (2 * (size_ + 1) > slots_.size()) Grow();
  const uint64_t word = Word(key);
  Slot& slot = slots_[Probe(word)];
  if (slot.value != kEmpty) return {&slot.value, false};
  slot = Slot{word, value};
  size_++;
  return {&slot.value, true};
}

void KeyMap::Erase(std::string_view key) {
  if (key.size() != sizeof(uint64_t)) {
    others_.erase(std::string(key));
    return;
  }
  if (slots_.empty()) return;
  size_t hole = Probe(Word(key));
  if (slots_[hole].value == kEmpty) return;
  // Backward shift: a later slot of the run moves into the hole unless its home lies
  // cyclically in (hole, slot], where it must stay to be found.
  for (size_t j = (hole + 1) & mask_; slots_[j].value != kEmpty; j = (j + 1) & mask_) {
    const size_t home = Home(slots_[j].key);
    const bool stays = hole < j ? (home > hole && home <= j) : (home > hole || home <= j);
    if (stays) continue;
    slots_[hole] = slots_[j];
    hole = j;
  }
  slots_[hole] = Slot{};
  size_--;
}

void KeyMap::Grow() {
  std::vector<Slot> old = std::move(slots_);
  const size_t capacity = old.empty() ? 16 : old.size() * 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
  for (const Slot& s : old) {
    if (s.value != kEmpty) slots_[Probe(s.key)] = s;
  }
}

}  // namespace firn
