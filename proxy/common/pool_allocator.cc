#include "common/pool_allocator.h"

namespace mp::pool {
namespace {

// Index of the smallest class that holds bytes, or kClassBytes.size().
size_t classOf(size_t bytes) {
  for (size_t i = 0; i < kClassBytes.size(); ++i)
    if (bytes <= kClassBytes[i]) return i;
  return kClassBytes.size();
}

struct FreeLists {
  std::array<std::vector<void*>, kClassBytes.size()> lists;
  ~FreeLists() {
    for (auto& l : lists)
      for (void* p : l) ::operator delete(p);
  }
};

FreeLists& freeLists() {
  thread_local FreeLists f;
  return f;
}

}  // namespace

void* allocate(size_t bytes) {
  const size_t c = classOf(bytes);
  if (c == kClassBytes.size()) return ::operator new(bytes);
  auto& list = freeLists().lists[c];
  if (list.empty()) return ::operator new(kClassBytes[c]);
  void* p = list.back();
  list.pop_back();
  return p;
}

void deallocate(void* p, size_t bytes) noexcept {
  const size_t c = classOf(bytes);
  if (c == kClassBytes.size()) return ::operator delete(p);
  auto& list = freeLists().lists[c];
  if (list.size() >= kKeepPerClass) return ::operator delete(p);
  if (list.capacity() == 0) list.reserve(kKeepPerClass);  // no reallocation while pushing later
  list.push_back(p);
}

}  // namespace mp::pool
