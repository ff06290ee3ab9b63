// One field table per configuration: each key with its field and help text, from which the
// flags, `--help`, config.ini (written and read) and the JSON stored with a run all come, so
// none of them can drift from the others. The training-loop keys both model configs share are
// listed once (`add_loop_fields`).
#pragma once

#include <boost/program_options/options_description.hpp>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/json.h"

namespace sild::core {

struct ConfigField {
  const char* key;  ///< flag name without "--", also the config.ini key
  std::variant<std::string*, int64_t*, uint64_t*, double*, bool*> value;
  const char* help;
};
using ConfigFields = std::vector<ConfigField>;

/// The shared training-loop keys, for any config with these members (TrainConfig, ImageConfig):
/// warm-up, weight decay, clipping, the three intervals, seed and precision.
template <typename Config>
void add_loop_fields(ConfigFields& fields, Config& c) {
  fields.insert(
      fields.end(),
      {{"warmup-steps", &c.warmup_steps, "linear learning-rate warm-up steps (both stages)"},
       {"weight-decay", &c.weight_decay, "AdamW weight decay"},
       {"grad-clip", &c.grad_clip, "max gradient norm, 0 = off"},
       {"log-interval", &c.log_interval, "steps between progress lines (>= 1)"},
       {"eval-interval", &c.eval_interval, "steps between validations, 0 = only at the end"},
       {"checkpoint-interval", &c.checkpoint_interval, "steps between checkpoints, 0 = only at the end"},
       {"seed", &c.seed, "seed of weights, data order and noise"},
       {"precision", &c.precision, "fp32, or bf16 (autocast on CUDA or CPU; fp32 master weights)"}});
}

/// Adds one flag per field, showing its current value as the default.
void describe_fields(boost::program_options::options_description& options, const ConfigFields& fields);

/// Writes `key = value` lines under a `# header` comment, atomically.
void write_fields(const std::string& path, const std::string& header, const ConfigFields& fields);

/// Reads a config.ini into the fields (every key must be one of them); `hint` goes with errors.
void read_fields(const std::string& path, const ConfigFields& fields, const std::string& hint);

/// {"key": value, ...} in table order, for the store's run rows.
Json fields_json(const ConfigFields& fields);

/// Aligned `key  value` lines, for the log at the start of a run.
std::string fields_table(const ConfigFields& fields);

}  // namespace sild::core
