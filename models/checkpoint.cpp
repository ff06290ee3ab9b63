// Atomic, checked checkpoint I/O (see checkpoint.h).
#include "models/checkpoint.h"

#include <cstdio>
#include <filesystem>

#include "common/atomic_file.h"
#include "common/errors.h"

namespace sild::models {
namespace {

[[noreturn]] void bad_checkpoint(const std::string& path, const std::string& what) {
  throw InputError(located(path, 0, "unusable checkpoint: " + what,
                           "the file may be truncated, from another model configuration or vocabulary, "
                           "or not a sild checkpoint"));
}

torch::serialize::InputArchive open_archive(const std::string& path) {
  if (!std::filesystem::exists(path)) throw IoError(located(path, 0, "checkpoint not found"));
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const c10::Error& error) {
    bad_checkpoint(path, error.what_without_backtrace());
  }
  return archive;
}

void write_module(torch::serialize::OutputArchive& archive, torch::nn::Module& module,
                  const std::string& kind, bool half = false) {
  archive.write("sild_format", c10::IValue(static_cast<int64_t>(kCheckpointFormatVersion)));
  archive.write("sild_kind", c10::IValue(kind));
  // Flat "a.b.weight" keys (not Module::save's nested archives) so loading can compare
  // every shape and name the offending parameter.
  torch::serialize::OutputArchive weights;
  for (const auto& item : module.named_parameters(true)) {
    const auto& value = item.value();
    weights.write(item.key(), half && value.is_floating_point() ? value.detach().to(torch::kHalf) : value);
  }
  for (const auto& item : module.named_buffers(true))
    weights.write(item.key(), item.value(), /*is_buffer=*/true);
  archive.write("weights", weights);
}

void read_module(torch::serialize::InputArchive& archive, torch::nn::Module& module, const std::string& kind,
                 const std::string& path) {
  try {
    c10::IValue format, stored_kind;
    archive.read("sild_format", format);
    archive.read("sild_kind", stored_kind);
    if (format.toInt() != kCheckpointFormatVersion) {
      bad_checkpoint(path, "format version " + std::to_string(format.toInt()) + ", expected " +
                               std::to_string(kCheckpointFormatVersion));
    }
    if (stored_kind.toStringRef() != kind) {
      bad_checkpoint(path, "holds a " + stored_kind.toStringRef() + ", expected a " + kind);
    }
    torch::serialize::InputArchive weights;
    archive.read("weights", weights);
    torch::NoGradGuard no_grad;
    for (auto& item : module.named_parameters(true)) {
      torch::Tensor stored;
      weights.read(item.key(), stored);
      if (stored.sizes() != item.value().sizes()) {
        bad_checkpoint(path, "parameter " + item.key() + " has shape " + c10::str(stored.sizes()) +
                                 ", the model expects " + c10::str(item.value().sizes()));
      }
      item.value().copy_(stored);
    }
    for (auto& item : module.named_buffers(true)) {
      torch::Tensor stored;
      weights.read(item.key(), stored, /*is_buffer=*/true);
      if (stored.sizes() != item.value().sizes()) {
        bad_checkpoint(path, "buffer " + item.key() + " has shape " + c10::str(stored.sizes()) +
                                 ", the model expects " + c10::str(item.value().sizes()));
      }
      item.value().copy_(stored);
    }
  } catch (const c10::Error& error) {
    bad_checkpoint(path, error.what_without_backtrace());
  }
}

}  // namespace

void save_archive(torch::serialize::OutputArchive& archive, const std::string& path,
                  const std::string& what) {
  AtomicFile file(path);  // the one temp-and-rename of the project (common/atomic_file.h)
  try {
    archive.save_to(file.stream());
  } catch (const c10::Error& error) {
    throw IoError(located(path, 0, "cannot write " + what + ": " + error.what_without_backtrace(),
                          "the disk may be full or the directory not writable"));
  }
  file.commit();
}

void save_module(torch::nn::Module& module, const std::string& kind, const std::string& path, bool half) {
  torch::serialize::OutputArchive archive;
  write_module(archive, module, kind, half);
  save_archive(archive, path, "checkpoint");
}

void load_module(torch::nn::Module& module, const std::string& kind, const std::string& path) {
  auto archive = open_archive(path);
  read_module(archive, module, kind, path);
}

void save_training_checkpoint(torch::nn::Module& module, torch::optim::Optimizer& optimizer, int64_t step,
                              const std::string& kind, const std::string& path,
                              const std::vector<CheckpointPart>& parts) {
  torch::serialize::OutputArchive archive;
  write_module(archive, module, kind);
  archive.write("step", c10::IValue(step));
  torch::serialize::OutputArchive optimizer_archive;
  optimizer.save(optimizer_archive);
  archive.write("optimizer", optimizer_archive);
  for (const auto& part : parts) {
    torch::serialize::OutputArchive part_archive;
    write_module(part_archive, *part.module, part.kind);
    archive.write("part." + part.kind, part_archive);
  }
  save_archive(archive, path, "checkpoint");
}

int64_t load_training_checkpoint(torch::nn::Module& module, torch::optim::Optimizer& optimizer,
                                 const std::string& kind, const std::string& path,
                                 const std::vector<CheckpointPart>& parts) {
  auto archive = open_archive(path);
  read_module(archive, module, kind, path);
  try {
    for (const auto& part : parts) {
      torch::serialize::InputArchive part_archive;
      archive.read("part." + part.kind, part_archive);
      read_module(part_archive, *part.module, part.kind, path);
    }
    c10::IValue step;
    archive.read("step", step);
    torch::serialize::InputArchive optimizer_archive;
    archive.read("optimizer", optimizer_archive);
    optimizer.load(optimizer_archive);
    return step.toInt();
  } catch (const c10::Error& error) {
    bad_checkpoint(path, error.what_without_backtrace());
  }
}

}  // namespace sild::models
