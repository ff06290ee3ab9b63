// data/images/celeba.h on a small CelebA-shaped folder the test writes: img_align_celeba/ with
// JPEGs encoded by libjpeg, and list_eval_partition.txt.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/errors.h"
#include "data/images/celeba.h"
#include "images_fixtures.h"
#include "test_support.h"

namespace sild::images {
namespace {

namespace fs = std::filesystem;

/// Image k (1-based) is 16 wide, 32 tall, 8x8 grey blocks of value 10k + 40*block_row + 20*block_column.
int face_value(int face, int block_row, int block_column) {
  return 10 * face + 40 * block_row + 20 * block_column;
}

std::string face_name(int face) {
  char name[16];
  std::snprintf(name, sizeof name, "%06d.jpg", face);
  return name;
}

/// Faces 1, 2, 5 train; 3 validation; 4 test.
fs::path write_celeba(const std::string& partition_subdir = "") {
  auto dir = test::temp_dir("celeba");
  fs::create_directories(dir / "img_align_celeba");
  for (int face = 1; face <= 5; ++face) {
    auto pixels =
        test::grey_blocks(16, 32, [face](int row, int column) { return face_value(face, row, column); });
    test::write_bytes(dir / "img_align_celeba" / face_name(face), test::encode_jpeg(16, 32, 1, pixels));
  }
  fs::create_directories(dir / partition_subdir);
  std::ofstream(dir / partition_subdir / "list_eval_partition.txt")
      << "000001.jpg 0\n000002.jpg 0\n000003.jpg 1\n000004.jpg 2\r\n000005.jpg 0\n";
  return dir;
}

/// The 2x2 output of a 16x32 face, cropped to its centred 16x16 (block rows 1 and 2) and
/// area-resized by 8: each output pixel is one block, in all three channels.
std::vector<uint8_t> expected_face(int face) {
  std::vector<uint8_t> out;
  for (int channel = 0; channel < 3; ++channel) {
    for (int row = 1; row <= 2; ++row) {
      for (int column = 0; column <= 1; ++column)
        out.push_back(static_cast<uint8_t>(face_value(face, row, column)));
    }
  }
  return out;
}

std::vector<uint8_t> expected_faces(std::initializer_list<int> faces) {
  std::vector<uint8_t> out;
  for (int face : faces) {
    auto pixels = expected_face(face);
    out.insert(out.end(), pixels.begin(), pixels.end());
  }
  return out;
}

CelebaOptions small_options(const fs::path& dir) {
  CelebaOptions options;
  options.dir = dir.string();
  options.crop_size = 16;
  options.image_size = 2;
  return options;
}

TEST(CelebaTest, ReadsThePartitionFile) {
  auto entries = read_celeba_partition((write_celeba() / "list_eval_partition.txt").string());
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[3].file, "000004.jpg");
  EXPECT_EQ(entries[3].partition, 2);
  EXPECT_EQ(entries[2].partition, 1);
}

TEST(CelebaTest, LoadsTheTrainPartitionCroppedAndResizedExactly) {
  ImageSet train = load_celeba(small_options(write_celeba()));
  EXPECT_EQ(train.size(), 3);
  EXPECT_EQ(train.channels, 3);
  EXPECT_EQ(train.height, 2);
  EXPECT_EQ(train.width, 2);
  EXPECT_TRUE(train.labels.empty());
  EXPECT_EQ(train.pixels, expected_faces({1, 2, 5}));
}

TEST(CelebaTest, ValidationTestAllAndLimitSelectTheRightFaces) {
  auto options = small_options(write_celeba());
  options.split = Split::kValidation;
  EXPECT_EQ(load_celeba(options).pixels, expected_faces({3}));
  options.split = Split::kTest;
  EXPECT_EQ(load_celeba(options).pixels, expected_faces({4}));
  options.split = Split::kAll;
  options.limit = 4;
  EXPECT_EQ(load_celeba(options).pixels, expected_faces({1, 2, 3, 4}));
}

TEST(CelebaTest, CropSizeZeroMeansTheLargestCentredSquare) {
  auto options = small_options(write_celeba());
  options.crop_size = 0;
  EXPECT_EQ(load_celeba(options).pixels, expected_faces({1, 2, 5}));
}

TEST(CelebaTest, PartitionFileInTheDownloadsEvalFolderIsFound) {
  EXPECT_EQ(load_celeba(small_options(write_celeba("Eval"))).size(), 3);
}

TEST(CelebaTest, DefaultsCropA178x218FaceTo140AndResizeTo64Or128) {
  auto dir = test::temp_dir("celeba");
  fs::create_directories(dir / "img_align_celeba");
  // Flat grey 178x218 (the aligned size) but with a bright frame outside the 140 crop.
  std::vector<uint8_t> pixels(178 * 218, 90);
  for (int y = 0; y < 218; ++y) {
    for (int x = 0; x < 178; ++x) {
      if (y < 39 - 8 || y >= 39 + 140 + 8 || x < 19 - 8 || x >= 19 + 140 + 8) pixels[y * 178 + x] = 250;
    }
  }
  test::write_bytes(dir / "img_align_celeba" / "000001.jpg", test::encode_jpeg(178, 218, 1, pixels));
  std::ofstream(dir / "list_eval_partition.txt") << "000001.jpg 0\n";
  CelebaOptions options;
  options.dir = dir.string();
  ImageSet faces = load_celeba(options);
  EXPECT_EQ(faces.height, 64);
  EXPECT_EQ(faces.width, 64);
  ASSERT_EQ(faces.size(), 1);
  for (uint8_t value : faces.pixels) ASSERT_NEAR(value, 90, 1);
  options.image_size = 128;
  EXPECT_EQ(load_celeba(options).pixels.size(), 3u * 128 * 128);
}

TEST(CelebaTest, MissingFolderSaysWhereToDownloadAndWhichLayout) {
  CelebaOptions options;
  options.dir = "/nonexistent/celeba";
  auto message = test::error_of<InputError>([&] { load_celeba(options); });
  EXPECT_NE(message.find("/nonexistent/celeba/img_align_celeba"), std::string::npos) << message;
  EXPECT_NE(message.find("mmlab.ie.cuhk.edu.hk"), std::string::npos) << message;
  EXPECT_NE(message.find("list_eval_partition.txt"), std::string::npos) << message;
}

TEST(CelebaTest, MissingPartitionFileSaysHowToGetIt) {
  auto dir = write_celeba();
  fs::remove(dir / "list_eval_partition.txt");
  auto message = test::error_of<InputError>([&] { load_celeba(small_options(dir)); });
  EXPECT_NE(message.find("list_eval_partition.txt"), std::string::npos) << message;
  EXPECT_NE(message.find("hint"), std::string::npos) << message;
}

TEST(CelebaTest, MalformedPartitionLineNamesFileAndLine) {
  auto dir = write_celeba();
  std::ofstream(dir / "list_eval_partition.txt") << "000001.jpg 0\n000002.jpg 7\n";
  auto message = test::error_of<InputError>([&] { load_celeba(small_options(dir)); });
  EXPECT_NE(message.find("list_eval_partition.txt:2:"), std::string::npos) << message;
}

TEST(CelebaTest, MissingListedImageIsAnIoErrorNamingIt) {
  auto dir = write_celeba();
  fs::remove(dir / "img_align_celeba" / "000002.jpg");
  auto message = test::error_of<IoError>([&] { load_celeba(small_options(dir)); });
  EXPECT_NE(message.find("000002.jpg"), std::string::npos) << message;
}

TEST(CelebaTest, CorruptImageIsAnInputErrorNamingIt) {
  auto dir = write_celeba();
  auto bytes = test::read_file_bytes(dir / "img_align_celeba" / "000005.jpg");
  bytes.resize(bytes.size() / 2);
  test::write_bytes(dir / "img_align_celeba" / "000005.jpg", bytes);
  auto message = test::error_of<InputError>([&] { load_celeba(small_options(dir)); });
  EXPECT_NE(message.find("000005.jpg"), std::string::npos) << message;
}

TEST(CelebaTest, CropLargerThanTheImageNamesTheImage) {
  auto options = small_options(write_celeba());
  options.crop_size = 20;
  auto message = test::error_of<InputError>([&] { load_celeba(options); });
  EXPECT_NE(message.find("000001.jpg"), std::string::npos) << message;
  EXPECT_NE(message.find("crop size 20"), std::string::npos) << message;
}

}  // namespace
}  // namespace sild::images
