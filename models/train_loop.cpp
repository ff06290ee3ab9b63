// The shared training loop (see train_loop.h).
#include "models/train_loop.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "common/errors.h"
#include "models/checkpoint.h"

namespace sild::models {

TrainResult run_train_loop(torch::nn::Module& model, const TrainLoopOptions& loop,
                           const TrainLoopHooks& hooks, const TrainObserver& observer) {
  // ---- setup
  validate(loop);
  const bool is_main = loop.rank == 0;
  torch::optim::AdamW optimizer(model.parameters(),
                                torch::optim::AdamWOptions(loop.lr.peak).weight_decay(loop.weight_decay));
  LrScheduleOptions lr = loop.lr;
  lr.total_steps = loop.steps;
  TrainResult result;
  int64_t step = 0;
  if (loop.resume && !loop.checkpoint_path.empty() && std::filesystem::exists(loop.checkpoint_path)) {
    step = load_training_checkpoint(model, optimizer, hooks.checkpoint_kind, loop.checkpoint_path,
                                    hooks.checkpoint_parts);
    result.resumed_from = step;
  }
  if (hooks.on_start) hooks.on_start(step);
  auto checkpoint = [&] {
    if (!is_main || loop.checkpoint_path.empty()) return;
    if (hooks.before_checkpoint) hooks.before_checkpoint();
    save_training_checkpoint(model, optimizer, step, hooks.checkpoint_kind, loop.checkpoint_path,
                             hooks.checkpoint_parts);
  };
  auto validate = [&] {
    auto values = hooks.validate();
    if (observer && is_main) observer({hooks.stage, step, true, values});
    return values;
  };

  // The plateau rule (models/plateau.h): once it fires, the rate cools down to its floor and
  // the loop ends at schedule.stop_at() instead of loop.steps.
  PlateauSchedule schedule(lr, loop.steps, loop.plateau);
  auto record = [&](const NamedValues& values) {
    if (values.empty()) return false;
    auto named = std::find_if(values.begin(), values.end(), [](const auto& v) { return v.first == "loss"; });
    return schedule.record(named != values.end() ? named->second : values.front().second, step);
  };

  // ---- loop
  while (step < schedule.stop_at()) {
    if (loop.should_stop && loop.should_stop()) {
      checkpoint();
      result.stopped = true;
      break;
    }
    if (loop.eval_interval > 0 && step > 0 && step % loop.eval_interval == 0) {
      if (record(validate())) {
        result.converged = true;
        result.plateau_step = step;
        if (step >= schedule.stop_at()) break;
      }
    }

    set_learning_rate(optimizer, schedule.rate(step));
    auto global_indices = hooks.batch_indices ? hooks.batch_indices(step)
                                              : batch_indices(hooks.rows, loop.batch_size, loop.seed, step);
    auto [first, last] = rank_rows(global_indices.size(0), loop.rank, loop.world_size);
    auto losses = [&] {
      AutocastScope autocast(loop.precision);  // forward and loss only; backward follows the recorded casts
      return hooks.step_loss(global_indices.slice(0, first, last), step,
                             step_generator(loop.seed, step, hooks.noise_stream), global_indices.size(0),
                             first, last);
    }();
    const double loss_value = losses.loss.item<double>();
    if (!std::isfinite(loss_value)) {
      throw Error(hooks.stage + ": loss is " + std::to_string(loss_value) + " at step " +
                  std::to_string(step) + " (hint: " + hooks.nan_hint + ")");
    }
    optimizer.zero_grad();
    losses.loss.backward();
    if (loop.sync_gradients) {
      auto parameters = model.parameters();
      loop.sync_gradients(parameters);
    }
    const double grad_norm =
        loop.grad_clip > 0 ? torch::nn::utils::clip_grad_norm_(model.parameters(), loop.grad_clip) : 0.0;
    optimizer.step();
    if (hooks.after_step) hooks.after_step();
    ++step;

    if (observer && is_main && (step % loop.log_interval == 0 || step == 1)) {
      NamedValues values{{"loss", loss_value}};
      values.insert(values.end(), losses.values.begin(), losses.values.end());
      values.emplace_back("lr", schedule.rate(step - 1));
      values.emplace_back("grad_norm", grad_norm);
      observer({hooks.stage, step, false, values});
    }
    if (loop.checkpoint_interval > 0 && step % loop.checkpoint_interval == 0) checkpoint();
  }

  // ---- teardown
  result.steps_done = step;
  if (hooks.on_finish) hooks.on_finish();
  if (!result.stopped) {
    checkpoint();
    result.final_validation = validate();
  }
  return result;
}

}  // namespace sild::models
