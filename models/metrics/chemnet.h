// ChemNet, the network behind the Fréchet ChemNet Distance (Preuer et al. 2018), built from the
// layer list stored with its weights rather than hard-coded: Conv1d layers (kernel, stride,
// padding, activation) followed by LSTM layers (size, direction), the last LSTM's final step
// being the feature vector. It reproduces fcd_torch's evaluation (MOSES's FCD): input one-hot
// [B, 350, 35] / 35, "same" padding as fcd_torch's SamePadding1d computes it, a reversed LSTM
// running over the time-flipped sequence.
//
// Weight file: safetensors (models/metrics/safetensors.h) with metadata
//   format = "sild-chemnet", version = "1",
//   layers = JSON list of {"type": "conv1d", "in": C, "out": C', "kernel_size": k, "stride": s,
//            "padding": "same"|"valid", "activation": "relu"|"selu"|"tanh"|"sigmoid"|"linear"}
//            or {"type": "lstm", "in": C, "hidden": H, "reverse": bool, "last": bool}
// and tensors layers.<i>.weight / layers.<i>.bias (conv, [C', C, k] and [C']) or
// layers.<i>.weight_ih / weight_hh / bias_ih / bias_hh (LSTM, PyTorch gate order i, f, g, o).
// tools/chemnet_to_safetensors.py writes it from the published ChemNet_v0.13_pretrained.pt.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include <string>
#include <vector>

namespace sild::models {

inline constexpr int64_t kChemNetLength = 350;  ///< one-hot rows per molecule
inline constexpr int64_t kChemNetSymbols = 35;  ///< one-hot columns (chem/chemnet_tokens.h)

struct ChemNetLayer {
  std::string type;  ///< conv1d | lstm
  int64_t in = 0;
  int64_t out = 0;  ///< conv: filters; lstm: hidden size
  int64_t kernel_size = 1;
  int64_t stride = 1;
  std::string padding = "same";
  std::string activation = "linear";
  bool reverse = false;
  bool last = false;
};

/// Parses and checks the metadata layer list (types, sizes chaining, LSTMs after convs, one
/// final `last` LSTM). Throws sild::InputError naming `source` and the layer.
std::vector<ChemNetLayer> parse_chemnet_layers(const std::string& json, const std::string& source);
/// The layer list as the metadata JSON.
std::string chemnet_layers_json(const std::vector<ChemNetLayer>& layers);

class ChemNetImpl : public torch::nn::Module {
 public:
  explicit ChemNetImpl(std::vector<ChemNetLayer> layers);
  /// one_hot [B, L, 35] (already divided by 35) -> features [B, H of the last LSTM].
  at::Tensor forward(const at::Tensor& one_hot);
  const std::vector<ChemNetLayer>& layers() const { return layers_; }
  int64_t feature_size() const { return layers_.back().out; }

 private:
  std::vector<ChemNetLayer> layers_;
  torch::nn::ModuleList modules_;
};
TORCH_MODULE(ChemNet);

/// Loads a weight file (format above) in eval mode. Throws sild::InputError / IoError naming the
/// file: truncated or foreign file, missing or mis-shaped tensor, bad layer list.
ChemNet load_chemnet(const std::string& path);

/// One-hot input for token index rows (each of length <= 350, values in [0, 35)), divided by 35
/// as fcd_torch does: [B, 350, 35] float32.
at::Tensor chemnet_one_hot(const std::vector<std::vector<int>>& token_rows);

/// Features of many molecules, in batches, under NoGradGuard: [N, H] float64.
at::Tensor chemnet_features(ChemNet& net, const std::vector<std::vector<int>>& token_rows,
                            int64_t batch_size = 256);

}  // namespace sild::models
