// Training curves in the store: one row per (run, stage, step, name). Buffered and written in
// one transaction per flush so a long run does not hold the write lock for every step.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "src/store/database.h"

namespace sild::store {

class CurveWriter {
 public:
  CurveWriter(Database& database, int64_t run_id, size_t flush_every = 64);
  ~CurveWriter();  ///< flushes what is left (errors are swallowed: curves are not worth a crash)
  void add(const std::string& stage, int64_t step, const std::string& name, double value);
  void flush();

 private:
  Database& database_;
  int64_t run_id_;
  size_t flush_every_;
  std::vector<std::tuple<std::string, int64_t, std::string, double>> pending_;
};

struct CurvePoint {
  std::string stage;
  int64_t step;
  std::string name;
  double value;
};
std::vector<CurvePoint> run_curves(Database& database, int64_t run_id);

}  // namespace sild::store
