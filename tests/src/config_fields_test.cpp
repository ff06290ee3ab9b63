// One field table per config: config.ini round-trips every key, the JSON and the log table come
// from the same fields, and --help lists every key once.
#include "src/util/config_fields.h"

#include <gtest/gtest.h>

#include <boost/program_options.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "common/errors.h"
#include "src/images/image_config.h"
#include "src/molecules/train_config.h"
#include "test_support.h"

namespace sild::core {
namespace {

TEST(ConfigFieldsTest, TrainConfigRoundTripsThroughConfigIni) {
  TrainConfig config;
  config.model_dim = 96;
  config.one_hot = true;
  config.stage1_lr = 3e-4;
  config.seed = 12345678901234ULL;
  config.precision = "bf16";
  config.eval_interval = 0;
  const auto path = (test::temp_dir("config-fields") / "config.ini").string();
  write_train_config(config, path);
  TrainConfig read;
  read_train_config(path, read);
  EXPECT_EQ(json_text(train_config_json(read)), json_text(train_config_json(config)));
  EXPECT_EQ(read.model_dim, 96);
  EXPECT_TRUE(read.one_hot);
  EXPECT_EQ(read.seed, 12345678901234ULL);
  EXPECT_EQ(read.precision, "bf16");
}

TEST(ConfigFieldsTest, JsonAndTableHoldEveryFlagOnce) {
  TrainConfig config;
  boost::program_options::options_description flags;
  describe_train_config(flags, config);
  const Json json = train_config_json(config);
  EXPECT_EQ(json.size(), flags.options().size());
  std::set<std::string> keys;
  const std::string table = train_config_table(config);
  for (const auto& option : flags.options()) {
    const std::string key = option->long_name();
    EXPECT_TRUE(keys.insert(key).second) << "duplicate key " << key;
    EXPECT_TRUE(json.contains(key)) << key;
    EXPECT_NE(table.find("  " + key + " "), std::string::npos) << key;
  }
  // The shared loop keys are in both configs, listed once in add_loop_fields.
  ImageConfig image;
  const Json image_json = image_config_json(image);
  for (const char* key :
       {"warmup-steps", "log-interval", "eval-interval", "checkpoint-interval", "seed", "precision"}) {
    EXPECT_TRUE(json.contains(key)) << key;
    EXPECT_TRUE(image_json.contains(key)) << key;
  }
  EXPECT_EQ(json["stage1-lr"].get<double>(), config.stage1_lr);
  EXPECT_EQ(json["one-hot"].get<bool>(), false);
}

TEST(ConfigFieldsTest, UnknownKeysInConfigIniAreConfigErrors) {
  const auto path = test::temp_dir("config-fields") / "bad.ini";
  std::ofstream(path) << "model-dim = 64\nmodel-dimm = 3\n";
  TrainConfig config;
  EXPECT_THROW(read_train_config(path.string(), config), ConfigError);
}

}  // namespace
}  // namespace sild::core
