#pragma once
// An allocator that keeps freed blocks of one type for the next object of
// that type. For objects made per request and large enough to skip malloc's
// fast paths (an ActiveRequest is well over 1 KiB), reusing the last block
// avoids malloc's slow path and its fast-bin consolidation on every request.
// Single-threaded by design: each thread keeps its own blocks.
#include <cstddef>
#include <new>
#include <vector>

namespace mp {

template <class T>
class RecyclingAllocator {
 public:
  using value_type = T;
  static constexpr size_t kKeep = 256;  // blocks kept per type (bounded)

  RecyclingAllocator() = default;
  template <class U>
  RecyclingAllocator(const RecyclingAllocator<U>&) {}

  T* allocate(size_t n) {
    auto& free = blocks();
    if (n == 1 && !free.empty()) {
      void* p = free.back();
      free.pop_back();
      return static_cast<T*>(p);
    }
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) {
    auto& free = blocks();
    if (n == 1 && free.size() < kKeep) return free.push_back(p);
    ::operator delete(p);
  }
  template <class U>
  bool operator==(const RecyclingAllocator<U>&) const { return true; }

 private:
  struct Blocks {
    std::vector<void*> v;
    ~Blocks() {
      for (void* p : v) ::operator delete(p);
    }
  };
  static std::vector<void*>& blocks() {
    thread_local Blocks b;
    return b.v;
  }
};

}  // namespace mp
