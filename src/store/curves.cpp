// Buffered curve rows (see curves.h).
#include "src/store/curves.h"

namespace sild::store {

CurveWriter::CurveWriter(Database& database, int64_t run_id, size_t flush_every)
    : database_(database), run_id_(run_id), flush_every_(flush_every) {}

CurveWriter::~CurveWriter() {
  try {
    flush();
  } catch (const std::exception&) {
  }
}

void CurveWriter::add(const std::string& stage, int64_t step, const std::string& name, double value) {
  pending_.emplace_back(stage, step, name, value);
  if (pending_.size() >= flush_every_) flush();
}

void CurveWriter::flush() {
  if (pending_.empty()) return;
  Transaction transaction(database_);
  Statement insert(database_,
                   "INSERT OR REPLACE INTO curves (run_id, stage, step, name, value) VALUES (?, ?, ?, ?, ?)");
  for (const auto& [stage, step, name, value] : pending_) {
    insert.bind(1, run_id_).bind(2, stage).bind(3, step).bind(4, name).bind(5, value);
    insert.run();
  }
  transaction.commit();
  pending_.clear();
}

std::vector<CurvePoint> run_curves(Database& database, int64_t run_id) {
  Statement query(database,
                  "SELECT stage, step, name, value FROM curves WHERE run_id = ? ORDER BY stage, name, step");
  query.bind(1, run_id);
  std::vector<CurvePoint> points;
  while (query.step())
    points.push_back(
        {query.column_text(0), query.column_int(1), query.column_text(2), query.column_double(3)});
  return points;
}

}  // namespace sild::store
