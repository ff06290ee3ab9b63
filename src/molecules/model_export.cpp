// export_model (see model_export.h).
#include "src/molecules/model_export.h"

#include <filesystem>
#include <optional>

#include "common/errors.h"
#include "src/molecules/molecule_model.h"
#include "src/molecules/novelty_reference.h"

namespace sild::core {

namespace fs = std::filesystem;

ExportSummary export_model(const ExportOptions& options) {
  if (fs::exists(options.out)) {
    throw IoError(
        located(options.out, 0, "already exists", "name a new directory: a model is never overwritten"));
  }
  auto model = MoleculeModel::load(options.model, "cpu");
  ExportSummary summary;
  // The novelty reference first: reading the training set is the slow part and may fail.
  std::optional<NoveltyReference> novelty;
  if (options.novelty) {
    summary.novelty_source = novelty_source(options.model);
    if (!summary.novelty_source.empty()) {
      novelty = NoveltyReference::open(summary.novelty_source, "smiles", options.threads);
      summary.novelty_molecules = novelty->size();
    }
  }
  model.save(options.out, options.half, novelty ? &*novelty : nullptr);
  for (const auto& entry : fs::directory_iterator(options.out)) {
    summary.bytes += static_cast<int64_t>(entry.file_size());
  }
  return summary;
}

}  // namespace sild::core
