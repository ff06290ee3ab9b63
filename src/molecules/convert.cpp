// Streaming SMILES <-> SELFIES conversion (see convert.h).
#include "src/molecules/convert.h"

#include <spdlog/spdlog.h>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/text_io.h"
#include "data/molecule_reader.h"
#include "src/util/interrupt.h"
#include "src/util/progress.h"

namespace sild::core {

ConvertTarget convert_target_from_string(const std::string& name) {
  if (name == "selfies") return ConvertTarget::kSelfies;
  if (name == "smiles") return ConvertTarget::kSmiles;
  throw ConfigError("--to must be selfies or smiles, not '" + name + "'");
}

namespace {

/// SELFIES to SMILES for one input line. Text that is not SELFIES (a SMILES, say) decodes to an
/// empty molecule; that is a failed line, not an empty conversion.
std::string decode_selfies_line(const std::string& text, const chem::SelfiesOptions& selfies) {
  if (text.front() != '[' || text.back() != ']') {
    throw InputError("'" + printable(text) + "' is not SELFIES (symbols in brackets, e.g. [C][C][O])");
  }
  std::string smiles = chem::selfies_decode(text, selfies);
  if (smiles.empty()) throw InputError("'" + text + "' decodes to no molecule");
  return smiles;
}

}  // namespace

ConvertReport convert_file(const ConvertOptions& options) {
  MoleculeReader reader({options.input, options.smiles_column, {}, options.max_smiles_length});
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
      if (options.to == ConvertTarget::kSelfies) {
        output.stream() << chem::selfies_encode(molecule, options.selfies) << '\n';
      } else {
        output.stream() << decode_selfies_line(molecule, options.selfies) << '\n';
      }
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
