// Result files of the experiments (see experiment_results.h).
#include "src/experiments/experiment_results.h"

#include "common/atomic_file.h"

namespace sild::core {

void write_text(const std::filesystem::path& path, const std::string& text) {
  AtomicFile file(path.string());
  file.stream() << text;
  file.commit();
}

}  // namespace sild::core
