// Fixture writers for the src/images tests: IDX files (plain and gzip), files of raw bytes,
// and JPEGs encoded with libjpeg, so every test builds its own small inputs.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

// jpeglib.h needs FILE and size_t declared before it (<cstdio> above).
#include <jpeglib.h>

namespace sild::test {

/// The message of the `Error` that `call` throws, or "no such error".
template <typename Error, typename Call>
std::string error_of(Call call) {
  try {
    call();
  } catch (const Error& error) {
    return error.what();
  }
  return "no such error";
}

inline void write_bytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write fixture " + path.string());
}

/// The raw bytes of a file (no decompression).
inline std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void write_gzip(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("cannot write fixture " + path.string());
  int written = gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
  if (written != static_cast<int>(bytes.size())) throw std::runtime_error("gzwrite failed " + path.string());
}

inline void append_big_endian(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

/// An idx3-ubyte file: magic 00 00 08 03, N, H, W, then the pixels.
inline std::vector<uint8_t> idx_images(uint32_t count, uint32_t height, uint32_t width,
                                       const std::vector<uint8_t>& pixels) {
  std::vector<uint8_t> out = {0, 0, 0x08, 3};
  append_big_endian(out, count);
  append_big_endian(out, height);
  append_big_endian(out, width);
  out.insert(out.end(), pixels.begin(), pixels.end());
  return out;
}

/// An idx1-ubyte file: magic 00 00 08 01, N, then the labels.
inline std::vector<uint8_t> idx_labels(const std::vector<uint8_t>& labels) {
  std::vector<uint8_t> out = {0, 0, 0x08, 1};
  append_big_endian(out, static_cast<uint32_t>(labels.size()));
  out.insert(out.end(), labels.begin(), labels.end());
  return out;
}

/// Encodes `pixels` ([H][W][components], components 1 = grey or 3 = RGB) as a baseline JPEG.
/// libjpeg's default error handler exits, which is acceptable for fixtures made from valid data.
inline std::vector<uint8_t> encode_jpeg(int width, int height, int components,
                                        const std::vector<uint8_t>& pixels, int quality = 100) {
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(width);
  info.image_height = static_cast<JDIMENSION>(height);
  info.input_components = components;
  info.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  // 4:4:4 (no chroma subsampling), so flat 8x8 colour blocks decode nearly exactly.
  for (int component = 0; component < info.num_components; ++component) {
    info.comp_info[component].h_samp_factor = 1;
    info.comp_info[component].v_samp_factor = 1;
  }
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    auto* row =
        const_cast<JSAMPLE*>(pixels.data() + static_cast<size_t>(info.next_scanline) * width * components);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::vector<uint8_t> out(buffer, buffer + size);
  std::free(buffer);  // allocated by libjpeg's memory destination with malloc
  return out;
}

/// A grey image whose 8x8 blocks each hold one value: block (by, bx) = value(by, bx).
/// Aligned flat blocks at quality 100 decode exactly (DC only, quantiser 1).
template <typename Value>
std::vector<uint8_t> grey_blocks(int width, int height, Value value) {
  std::vector<uint8_t> pixels(static_cast<size_t>(width * height));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) pixels[y * width + x] = static_cast<uint8_t>(value(y / 8, x / 8));
  }
  return pixels;
}

}  // namespace sild::test
