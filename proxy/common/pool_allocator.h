#pragma once
// An allocator for the small blocks a request is made of (header fields
// above all: Beast allocates every field separately). Freed blocks go to a
// per-thread free list per size class and are handed out again last in,
// first out, so a request reuses the memory the previous one just released,
// still in cache, without going through malloc. Lists are bounded; larger
// blocks go straight to operator new.
#include <array>
#include <cstddef>
#include <new>
#include <vector>

namespace mp {
namespace pool {

inline constexpr std::array<size_t, 5> kClassBytes = {64, 128, 256, 512, 1024};
inline constexpr size_t kKeepPerClass = 4096;

void* allocate(size_t bytes);
void deallocate(void* p, size_t bytes) noexcept;

}  // namespace pool

template <class T>
class PoolAllocator {
 public:
  using value_type = T;
  PoolAllocator() = default;
  template <class U>
  PoolAllocator(const PoolAllocator<U>&) noexcept {}

  T* allocate(size_t n) { return static_cast<T*>(pool::allocate(n * sizeof(T))); }
  void deallocate(T* p, size_t n) noexcept { pool::deallocate(p, n * sizeof(T)); }

  template <class U>
  bool operator==(const PoolAllocator<U>&) const noexcept { return true; }
};

}  // namespace mp
