// Image datasets by name and tensor conversion (see image_datasets.h).
#include "src/images/image_datasets.h"

#include <torch/torch.h>

#include <cstring>

#include "common/errors.h"
#include "data/images/celeba.h"
#include "data/images/idx_dataset.h"
#include "data/images/mnist_json.h"
#include "data/images/stacked_mnist.h"

namespace sild::core {

images::ImageSet load_image_dataset(const ImageDatasetOptions& options) {
  using images::Split;
  if (options.split == Split::kValidation && options.name != "celeba") {
    throw ConfigError(options.name + " has no validation split (use train or test)");
  }
  if (options.name == "mnist") {
    return images::load_mnist_json({options.dir, options.split, options.limit});
  }
  if (options.name == "fashion-mnist") {
    return images::load_fashion_mnist({options.dir, options.split, options.limit});
  }
  if (options.name == "stacked-mnist") {
    if (options.split == Split::kAll)
      throw ConfigError("stacked-mnist is drawn per split: use train or test");
    const auto digits = images::load_mnist_json({options.dir, options.split, 0});
    images::StackedMnistOptions stacked;
    stacked.count = options.limit > 0 ? options.limit : (options.split == Split::kTrain ? 60000 : 10000);
    stacked.seed = options.seed * 2 + (options.split == Split::kTrain ? 0 : 1);  // disjoint draws per split
    return images::make_stacked_mnist(digits, stacked).images;
  }
  if (options.name == "celeba") {
    images::CelebaOptions celeba;
    celeba.dir = options.dir;
    celeba.split = options.split;
    celeba.limit = options.limit;
    if (options.image_size > 0) celeba.image_size = options.image_size;
    return images::load_celeba(celeba);
  }
  throw ConfigError("--dataset must be stacked-mnist, mnist, fashion-mnist or celeba, not '" + options.name +
                    "'");
}

at::Tensor to_tensor(const images::ImageSet& set) {
  auto bytes = torch::empty({set.size(), set.channels, set.height, set.width}, torch::kUInt8);
  if (!set.pixels.empty()) std::memcpy(bytes.data_ptr<uint8_t>(), set.pixels.data(), set.pixels.size());
  return bytes.to(torch::kFloat) / 127.5 - 1.0;
}

images::ImageSet to_image_set(const at::Tensor& tensor) {
  TORCH_CHECK(tensor.dim() == 4, "images must be [N, C, H, W]");
  auto bytes = ((tensor.detach().to(torch::kCPU).to(torch::kFloat).clamp(-1.0, 1.0) + 1.0) * 127.5)
                   .round()
                   .to(torch::kUInt8)
                   .contiguous();
  images::ImageSet set;
  set.channels = tensor.size(1);
  set.height = tensor.size(2);
  set.width = tensor.size(3);
  set.pixels.assign(bytes.data_ptr<uint8_t>(), bytes.data_ptr<uint8_t>() + bytes.numel());
  return set;
}

}  // namespace sild::core
