// Batch-parallel property computation over a molecule file (see props.h).
#include "src/molecules/props.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <thread>
#include <vector>

#include "chem/mol_io.h"
#include "chem/properties.h"
#include "chem/sa_score.h"
#include "common/atomic_file.h"
#include "common/csv_writer.h"
#include "common/parallel.h"
#include "data/molecule_reader.h"
#include "src/util/interrupt.h"
#include "src/util/progress.h"

namespace sild::core {

PropsReport compute_props_file(const PropsOptions& options) {
  const chem::SaScorer scorer =
      options.sa_fragment_table.empty() ? chem::SaScorer() : chem::SaScorer(options.sa_fragment_table);
  MoleculeReader reader({options.input, options.smiles_column, {}, options.max_smiles_length});
  AtomicFile output(options.output);
  output.stream() << "smiles,valid,qed,sa,logp,mw\n";
  PropsReport report;
  Progress progress("props", "molecules");
  std::vector<MoleculeRecord> batch;
  std::vector<std::optional<chem::MolProperties>> results;
  std::vector<std::string> reasons;
  while (reader.next_batch(batch, static_cast<size_t>(options.batch_size))) {
    check_interrupted();
    results.assign(batch.size(), std::nullopt);
    reasons.assign(batch.size(), {});
    parallel_for(batch.size(), options.threads, [&](size_t i) {
      if (batch[i].error || batch[i].smiles.empty() || interrupted()) return;
      chem::MolPtr mol = chem::mol_from_smiles(batch[i].smiles);
      if (!mol) {
        reasons[i] = "invalid SMILES '" + printable(batch[i].smiles) + "'";
        return;
      }
      try {
        results[i] = chem::compute_properties(chem::read_only(mol), scorer);
      } catch (const InputError& error) {  // e.g. a molecule without atoms has no SA score
        reasons[i] = "'" + printable(batch[i].smiles) + "': " + error.what();
      }
    });
    check_interrupted();  // the batch was cut short: its rows are not written
    for (size_t i = 0; i < batch.size(); ++i) {
      const auto& record = batch[i];
      ++report.lines;
      auto& out = output.stream();
      if (results[i]) {
        ++report.valid;
        const auto& p = *results[i];
        write_csv_row(out, {record.smiles, "1", fmt::format("{}", p.qed), fmt::format("{}", p.sa),
                            fmt::format("{}", p.logp), fmt::format("{}", p.mw)});
        continue;
      }
      write_csv_row(out, {record.smiles, "0", "", "", "", ""});
      if (record.smiles.empty() && !record.error) {
        ++report.empty;
        continue;
      }
      ++report.invalid;
      if (report.invalid <= options.max_warnings) {
        spdlog::warn("{}", located(options.input, record.line, record.error ? *record.error : reasons[i]));
      }
    }
    progress.tick(static_cast<int64_t>(batch.size()));
  }
  output.commit();
  progress.finish();
  if (report.invalid > options.max_warnings) {
    spdlog::warn("{} more invalid lines not shown", report.invalid - options.max_warnings);
  }
  return report;
}

}  // namespace sild::core
