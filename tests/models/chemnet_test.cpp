// ChemNet from a layer list and the safetensors reader: round trips, fcd_torch's "same" padding,
// and clear errors for truncated, foreign or inconsistent weight files. (Features against the
// independent PyTorch evaluation: tests/src/fcd_test.cpp, which has the tokeniser.)
#include "models/metrics/chemnet.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "common/errors.h"
#include "models/metrics/safetensors.h"
#include "test_support.h"

namespace sild::models {
namespace {

std::vector<ChemNetLayer> tiny_layers() {
  ChemNetLayer conv{"conv1d", 35, 6, 4, 2, "same", "selu"};
  ChemNetLayer valid{"conv1d", 6, 5, 3, 1, "valid", "tanh"};
  ChemNetLayer lstm{"lstm", 5, 7};
  lstm.reverse = true;
  lstm.last = true;
  return {conv, valid, lstm};
}

/// Parameter name in the module -> tensor name in the file ("weight_ih_l0" -> "weight_ih").
std::string file_key(std::string name) {
  if (name.size() > 3 && name.compare(name.size() - 3, 3, "_l0") == 0) name.erase(name.size() - 3);
  return name;
}

SafetensorsFile random_file(const std::vector<ChemNetLayer>& layers) {
  torch::manual_seed(3);
  ChemNet net(layers);
  SafetensorsFile file;
  file.metadata = {{"format", "sild-chemnet"}, {"version", "1"}, {"layers", chemnet_layers_json(layers)}};
  for (const auto& item : net->named_parameters()) {
    file.tensors[file_key(item.key())] = item.value().detach().clone();
  }
  return file;
}

TEST(SafetensorsTest, RoundTripsTensorsAndMetadata) {
  auto dir = test::temp_dir("safetensors");
  SafetensorsFile file;
  file.tensors["a"] = torch::arange(6, torch::kFloat).reshape({2, 3});
  file.tensors["b.c"] = torch::tensor({1.5, -2.0}, torch::kDouble);
  file.tensors["i"] = torch::tensor({7, 8, 9}, torch::kLong);
  file.metadata["note"] = "hello \"world\"";
  write_safetensors((dir / "x.safetensors").string(), file);
  auto read = read_safetensors((dir / "x.safetensors").string());
  ASSERT_EQ(read.tensors.size(), 3u);
  EXPECT_TRUE(torch::equal(read.tensors["a"], file.tensors["a"]));
  EXPECT_TRUE(torch::equal(read.tensors["b.c"], file.tensors["b.c"]));
  EXPECT_TRUE(torch::equal(read.tensors["i"], file.tensors["i"]));
  EXPECT_EQ(read.metadata["note"], "hello \"world\"");
}

TEST(SafetensorsTest, TruncatedAndMalformedFilesAreInputErrorsNamingTheFile) {
  auto dir = test::temp_dir("safetensors-bad");
  SafetensorsFile file;
  file.tensors["w"] = torch::ones({64});
  const auto good = (dir / "good.safetensors").string();
  write_safetensors(good, file);
  std::ifstream in(good, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
    return (dir / name).string();
  };
  for (const auto& path :
       {write("short.safetensors", bytes.substr(0, 5)), write("cut-header.safetensors", bytes.substr(0, 20)),
        write("cut-data.safetensors", bytes.substr(0, bytes.size() - 4)),
        write("not-json.safetensors", std::string("\x04\0\0\0\0\0\0\0{{{{", 12))}) {
    try {
      read_safetensors(path);
      ADD_FAILURE() << path << " was accepted";
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
    }
  }
  EXPECT_THROW(read_safetensors((dir / "missing.safetensors").string()), IoError);
}

TEST(ChemNetTest, LoadsWhatItWritesAndGivesTheSameFeatures) {
  auto dir = test::temp_dir("chemnet");
  const auto layers = tiny_layers();
  auto file = random_file(layers);
  write_safetensors((dir / "net.safetensors").string(), file);
  auto net = load_chemnet((dir / "net.safetensors").string());
  ChemNet reference(layers);
  {
    torch::NoGradGuard no_grad;
    for (auto& item : reference->named_parameters())
      item.value().copy_(file.tensors.at(file_key(item.key())));
  }
  std::vector<std::vector<int>> rows = {{0, 0, 2, 34}, {29, 17, 29, 29, 29, 29, 29, 17, 2, 34}};
  auto features = chemnet_features(net, rows, 1);  // batches of one; the reference runs both at once
  EXPECT_EQ(features.sizes(), (std::vector<int64_t>{2, 7}));
  EXPECT_EQ(features.scalar_type(), torch::kDouble);
  torch::NoGradGuard no_grad;
  auto expected = reference->forward(chemnet_one_hot(rows)).to(torch::kDouble);
  EXPECT_TRUE(torch::allclose(features, expected, 1e-6, 1e-7));
  EXPECT_FALSE(torch::allclose(features[0], features[1]));
  auto one_hot = chemnet_one_hot(rows);
  EXPECT_EQ(one_hot.sizes(), (std::vector<int64_t>{2, 350, 35}));
  EXPECT_FLOAT_EQ(one_hot.sum().item<float>(), 14.0f / 35.0f);
}

TEST(ChemNetTest, BadLayerListsAndMismatchedTensorsAreClearErrors) {
  EXPECT_THROW(parse_chemnet_layers("[]", "f"), InputError);
  EXPECT_THROW(parse_chemnet_layers("not json", "f"), InputError);
  EXPECT_THROW(parse_chemnet_layers(
                   R"([{"type": "lstm", "in": 34, "hidden": 4, "reverse": false, "last": true}])", "f"),
               InputError);  // 35 channels come in
  EXPECT_THROW(parse_chemnet_layers(
                   R"([{"type": "lstm", "in": 35, "hidden": 4, "reverse": false, "last": false}])", "f"),
               InputError);  // no final step
  EXPECT_THROW(parse_chemnet_layers(R"([{"type": "conv1d", "in": 35, "out": 4, "kernel_size": 3, "stride": 1,
      "padding": "same", "activation": "gelu"}, {"type": "lstm", "in": 4, "hidden": 4, "reverse": false, "last": true}])",
                                    "f"),
               InputError);  // unknown activation
  EXPECT_NO_THROW(parse_chemnet_layers(chemnet_layers_json(tiny_layers()), "f"));

  auto dir = test::temp_dir("chemnet-bad");
  auto file = random_file(tiny_layers());
  file.tensors["layers.0.weight"] = torch::zeros({6, 35, 5});
  write_safetensors((dir / "shape.safetensors").string(), file);
  EXPECT_THROW(load_chemnet((dir / "shape.safetensors").string()), InputError);
  file = random_file(tiny_layers());
  file.metadata.erase("layers");
  write_safetensors((dir / "meta.safetensors").string(), file);
  EXPECT_THROW(load_chemnet((dir / "meta.safetensors").string()), InputError);
  file = random_file(tiny_layers());
  file.tensors["extra"] = torch::zeros({1});
  write_safetensors((dir / "extra.safetensors").string(), file);
  EXPECT_THROW(load_chemnet((dir / "extra.safetensors").string()), InputError);
}

}  // namespace
}  // namespace sild::models
