// Temporary files the process must not leave behind, even when a second Ctrl-C ends it at once.
// AtomicFile registers its `.tmp.<pid>` file here while it exists; the signal handler (src/util/
// interrupt.cpp) calls remove_registered_temp_files(), which only uses unlink(2) and lock-free
// atomics and so is safe inside a signal handler. A process holds at most kSlots such files at
// once; further ones are simply not registered (they are still removed on normal unwinding).
#pragma once

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <string>

namespace sild {

namespace temp_files_detail {

constexpr size_t kSlots = 32;
constexpr size_t kPathBytes = 4096;

struct Slot {
  std::atomic<int> state{0};  ///< 0 free, 1 being written, 2 holds a path
  char path[kPathBytes]{};
};

inline std::array<Slot, kSlots> g_slots;

}  // namespace temp_files_detail

/// Holds one registered path; unregisters on destruction or when assigned over.
class TempFileRegistration {
 public:
  TempFileRegistration() = default;
  explicit TempFileRegistration(const std::string& path) {
    using namespace temp_files_detail;
    if (path.size() + 1 > kPathBytes) return;
    for (size_t i = 0; i < kSlots; ++i) {
      int expected = 0;
      if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
        std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
        g_slots[i].state.store(2);
        slot_ = static_cast<int>(i);
        return;
      }
    }
  }
  TempFileRegistration(TempFileRegistration&& other) noexcept : slot_(other.slot_) { other.slot_ = -1; }
  TempFileRegistration& operator=(TempFileRegistration&& other) noexcept {
    if (this != &other) {
      release();
      slot_ = other.slot_;
      other.slot_ = -1;
    }
    return *this;
  }
  TempFileRegistration(const TempFileRegistration&) = delete;
  TempFileRegistration& operator=(const TempFileRegistration&) = delete;
  ~TempFileRegistration() { release(); }

 private:
  void release() {
    if (slot_ >= 0) temp_files_detail::g_slots[static_cast<size_t>(slot_)].state.store(0);
    slot_ = -1;
  }
  int slot_ = -1;
};

/// Unlinks every registered file. Async-signal-safe: for the handler that ends the process.
inline void remove_registered_temp_files() {
  for (auto& slot : temp_files_detail::g_slots) {
    if (slot.state.load() == 2) ::unlink(slot.path);
  }
}

}  // namespace sild
