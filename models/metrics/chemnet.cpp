// ChemNet from a layer list (see chemnet.h).
#include "models/metrics/chemnet.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <set>

#include "common/errors.h"
#include "models/metrics/safetensors.h"

namespace sild::models {
namespace {

/// fcd_torch's SamePadding1d: the padding it adds before a strided convolution, which is not
/// TensorFlow's rule for every (length, kernel, stride); ChemNet's FCD numbers come from this one.
std::pair<int64_t, int64_t> fcd_same_padding(int64_t length, int64_t kernel, int64_t stride) {
  const int64_t pad = length % stride == 0 ? std::max<int64_t>(kernel - stride, 0)
                                           : std::max<int64_t>(kernel - length % stride, 0);
  if (pad % stride == 0) return {pad / stride, pad / stride};
  return {pad / stride, pad - pad / stride};
}

at::Tensor activate(const at::Tensor& x, const std::string& activation) {
  if (activation == "relu") return torch::relu(x);
  if (activation == "selu") return torch::selu(x);
  if (activation == "tanh") return torch::tanh(x);
  if (activation == "sigmoid") return torch::sigmoid(x);
  return x;
}

}  // namespace

std::vector<ChemNetLayer> parse_chemnet_layers(const std::string& json, const std::string& source) {
  auto bad = [&](const std::string& what) {
    return InputError(located(source, 0, "ChemNet layer list: " + what,
                              "convert the weights with tools/chemnet_to_safetensors.py"));
  };
  nlohmann::json list;
  try {
    list = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& error) {
    throw bad(std::string("not JSON: ") + error.what());
  }
  if (!list.is_array() || list.empty()) throw bad("not a non-empty list");
  std::vector<ChemNetLayer> layers;
  bool seen_lstm = false;
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& entry = list[i];
    const std::string where = "layer " + std::to_string(i) + ": ";
    ChemNetLayer layer;
    try {
      layer.type = entry.at("type").get<std::string>();
      layer.in = entry.at("in").get<int64_t>();
      if (layer.type == "conv1d") {
        if (seen_lstm) throw bad(where + "a convolution after an LSTM");
        layer.out = entry.at("out").get<int64_t>();
        layer.kernel_size = entry.at("kernel_size").get<int64_t>();
        layer.stride = entry.at("stride").get<int64_t>();
        layer.padding = entry.at("padding").get<std::string>();
        layer.activation = entry.at("activation").get<std::string>();
        if (layer.padding != "same" && layer.padding != "valid")
          throw bad(where + "padding must be same or valid");
        static const char* const kActivations[] = {"relu", "selu", "tanh", "sigmoid", "linear"};
        if (std::find(std::begin(kActivations), std::end(kActivations), layer.activation) ==
            std::end(kActivations)) {
          throw bad(where + "unknown activation '" + layer.activation + "'");
        }
        if (layer.kernel_size < 1 || layer.stride < 1)
          throw bad(where + "kernel size and stride must be >= 1");
      } else if (layer.type == "lstm") {
        seen_lstm = true;
        layer.out = entry.at("hidden").get<int64_t>();
        layer.reverse = entry.at("reverse").get<bool>();
        layer.last = entry.at("last").get<bool>();
        if (layer.last && i + 1 != list.size())
          throw bad(where + "only the final layer may take the last step");
      } else {
        throw bad(where + "unknown type '" + layer.type + "'");
      }
    } catch (const nlohmann::json::exception& error) {
      throw bad(where + error.what());
    }
    if (layer.in < 1 || layer.out < 1) throw bad(where + "sizes must be >= 1");
    const int64_t expected_in = layers.empty() ? kChemNetSymbols : layers.back().out;
    if (layer.in != expected_in) {
      throw bad(where + "takes " + std::to_string(layer.in) + " channels but receives " +
                std::to_string(expected_in));
    }
    layers.push_back(layer);
  }
  if (layers.back().type != "lstm" || !layers.back().last)
    throw bad("the final layer must be an LSTM with last = true");
  return layers;
}

std::string chemnet_layers_json(const std::vector<ChemNetLayer>& layers) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& layer : layers) {
    if (layer.type == "conv1d") {
      list.push_back({{"type", "conv1d"},
                      {"in", layer.in},
                      {"out", layer.out},
                      {"kernel_size", layer.kernel_size},
                      {"stride", layer.stride},
                      {"padding", layer.padding},
                      {"activation", layer.activation}});
    } else {
      list.push_back({{"type", "lstm"},
                      {"in", layer.in},
                      {"hidden", layer.out},
                      {"reverse", layer.reverse},
                      {"last", layer.last}});
    }
  }
  return list.dump();
}

ChemNetImpl::ChemNetImpl(std::vector<ChemNetLayer> layers) : layers_(std::move(layers)) {
  for (const auto& layer : layers_) {
    if (layer.type == "conv1d") {
      modules_->push_back(torch::nn::Conv1d(
          torch::nn::Conv1dOptions(layer.in, layer.out, layer.kernel_size).stride(layer.stride)));
    } else {
      modules_->push_back(torch::nn::LSTM(torch::nn::LSTMOptions(layer.in, layer.out).batch_first(true)));
    }
  }
  register_module("layers", modules_);
}

at::Tensor ChemNetImpl::forward(const at::Tensor& one_hot) {
  TORCH_CHECK(one_hot.dim() == 3 && one_hot.size(2) == kChemNetSymbols, "ChemNet input is [B, L, 35]");
  auto x = one_hot.transpose(1, 2);  // [B, 35, L]: channels first for the convolutions
  bool channels_first = true;
  for (size_t i = 0; i < layers_.size(); ++i) {
    const auto& layer = layers_[i];
    if (layer.type == "conv1d") {
      if (layer.padding == "same") {
        auto [left, right] = fcd_same_padding(x.size(2), layer.kernel_size, layer.stride);
        x = torch::constant_pad_nd(x, {left, right}, 0.0);
      }
      x = activate(modules_[i]->as<torch::nn::Conv1d>()->forward(x), layer.activation);
      continue;
    }
    if (channels_first) {
      x = x.transpose(1, 2);  // [B, T, C] for batch-first LSTMs
      channels_first = false;
    }
    if (layer.reverse) x = x.flip({1});
    x = std::get<0>(modules_[i]->as<torch::nn::LSTM>()->forward(x));
    if (layer.last) x = x.select(1, -1);
  }
  return x;
}

ChemNet load_chemnet(const std::string& path) {
  auto file = read_safetensors(path);
  auto meta = [&](const std::string& key) {
    auto it = file.metadata.find(key);
    if (it == file.metadata.end()) {
      throw InputError(located(path, 0, "not a sild ChemNet file (no '" + key + "' in its metadata)",
                               "convert the weights with tools/chemnet_to_safetensors.py"));
    }
    return it->second;
  };
  if (meta("format") != "sild-chemnet" || meta("version") != "1") {
    throw InputError(located(path, 0,
                             "unsupported ChemNet file format " + meta("format") + " " + meta("version"),
                             "convert the weights again with this sild's tools/chemnet_to_safetensors.py"));
  }
  ChemNet net(parse_chemnet_layers(meta("layers"), path));
  torch::NoGradGuard no_grad;
  std::set<std::string> used;
  for (size_t i = 0; i < net->layers().size(); ++i) {
    const auto& layer = net->layers()[i];
    const std::string prefix = "layers." + std::to_string(i) + ".";
    auto copy = [&](const std::string& name, at::Tensor& target) {
      auto it = file.tensors.find(prefix + name);
      if (it == file.tensors.end())
        throw InputError(located(path, 0, "tensor " + prefix + name + " is missing"));
      if (it->second.sizes() != target.sizes()) {
        throw InputError(located(
            path, 0, "tensor " + prefix + name + " has the wrong shape for layer " + std::to_string(i)));
      }
      target.copy_(it->second.to(torch::kFloat));
      used.insert(prefix + name);
    };
    auto params = net->named_parameters(/*recurse=*/true);
    if (layer.type == "conv1d") {
      copy("weight", params[prefix + "weight"]);
      copy("bias", params[prefix + "bias"]);
    } else {
      copy("weight_ih", params[prefix + "weight_ih_l0"]);
      copy("weight_hh", params[prefix + "weight_hh_l0"]);
      copy("bias_ih", params[prefix + "bias_ih_l0"]);
      copy("bias_hh", params[prefix + "bias_hh_l0"]);
    }
  }
  for (const auto& [name, tensor] : file.tensors) {
    if (used.count(name) == 0)
      throw InputError(located(path, 0, "unexpected tensor " + name + " (a different network?)"));
  }
  net->eval();
  return net;
}

at::Tensor chemnet_one_hot(const std::vector<std::vector<int>>& token_rows) {
  auto one_hot = torch::zeros({static_cast<int64_t>(token_rows.size()), kChemNetLength, kChemNetSymbols});
  auto accessor = one_hot.accessor<float, 3>();
  const float value = 1.0f / static_cast<float>(kChemNetSymbols);
  for (size_t b = 0; b < token_rows.size(); ++b) {
    SILD_ASSERT(static_cast<int64_t>(token_rows[b].size()) <= kChemNetLength,
                "token rows are truncated to 350");
    for (size_t t = 0; t < token_rows[b].size(); ++t) {
      const int symbol = token_rows[b][t];
      SILD_ASSERT(symbol >= 0 && symbol < kChemNetSymbols, "token indices come from chem::chemnet_tokens");
      accessor[static_cast<int64_t>(b)][static_cast<int64_t>(t)][symbol] = value;
    }
  }
  return one_hot;
}

at::Tensor chemnet_features(ChemNet& net, const std::vector<std::vector<int>>& token_rows,
                            int64_t batch_size) {
  torch::NoGradGuard no_grad;
  std::vector<at::Tensor> parts;
  for (size_t start = 0; start < token_rows.size(); start += static_cast<size_t>(batch_size)) {
    const size_t end = std::min(token_rows.size(), start + static_cast<size_t>(batch_size));
    std::vector<std::vector<int>> batch(token_rows.begin() + static_cast<std::ptrdiff_t>(start),
                                        token_rows.begin() + static_cast<std::ptrdiff_t>(end));
    parts.push_back(net->forward(chemnet_one_hot(batch)).to(torch::kDouble));
  }
  if (parts.empty()) return torch::zeros({0, net->feature_size()}, torch::kDouble);
  return torch::cat(parts, 0);
}

}  // namespace sild::models
