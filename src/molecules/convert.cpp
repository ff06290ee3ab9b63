// Streaming SMILES <-> SELFIES conversion (see convert.h).
#include "src/molecules/convert.h"

#include <spdlog/spdlog.h>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "data/molecule_reader.h"
#include "src/util/interrupt.h"
#include "src/util/progress.h"

namespace sild::core {

ConvertTarget convert_target_from_string(const std::string& name) {
  if (name == "selfies") return ConvertTarget::kSelfies;
  if (name == "smiles") return ConvertTarget::kSmiles;
  throw ConfigError("--to must be selfies or smiles, not '" + name + "'");
}

ConvertReport convert_file(const ConvertOptions& options) {
  MoleculeReader reader({options.input, options.smiles_column});
  AtomicFile output(options.output);
  ConvertReport report;
  Progress progress("convert", "lines");
  MoleculeRecord record;
  while (reader.next(record)) {
    check_interrupted();
    ++report.lines;
    const std::string& molecule = record.smiles;
    if (record.error) {
      ++report.failed;
      if (report.failed <= options.max_warnings) {
        spdlog::warn("{}", located(options.input, record.line, *record.error));
      }
      output.stream() << '\n';
      continue;
    }
    if (molecule.empty()) {
      ++report.empty;
      output.stream() << '\n';
      continue;
    }
    try {
      output.stream() << (options.to == ConvertTarget::kSelfies
                              ? chem::selfies_encode(molecule, options.selfies)
                              : chem::selfies_decode(molecule, options.selfies))
                      << '\n';
      ++report.converted;
    } catch (const InputError& error) {
      ++report.failed;
      if (report.failed <= options.max_warnings) {
        spdlog::warn("{}", located(options.input, record.line, error.what()));
      }
      output.stream() << '\n';
    }
    progress.tick();
  }
  output.commit();
  progress.finish();
  if (report.failed > options.max_warnings) {
    spdlog::warn("{} more failed lines not shown", report.failed - options.max_warnings);
  }
  return report;
}

}  // namespace sild::core
