// libjpeg glue; see jpeg_decoder.h. libjpeg reports errors by calling a function that must not
// return, so the decode runs in a function holding only trivially destructible locals and comes
// back through longjmp; the caller turns a failure into an exception.
#include "data/images/jpeg_decoder.h"

#include <csetjmp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

// jpeglib.h needs FILE and size_t declared before it (<cstdio> above).
#include <jpeglib.h>

#include "common/errors.h"

namespace sild::images {

namespace {

constexpr int kRgbChannels = 3;
constexpr int64_t kMaxPixels = int64_t{1} << 26;  // 8192x8192; guards against corrupt headers

struct ErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void on_error(j_common_ptr info) {
  auto* errors = reinterpret_cast<ErrorManager*>(info->err);
  (*info->err->format_message)(info, errors->message);
  std::longjmp(errors->jump, 1);
}

/// Level -1 is a warning about corrupt data ("premature end of JPEG file"): treated as an error.
void on_message(j_common_ptr info, int level) {
  if (level < 0) on_error(info);
}

/// The decoded interleaved pixels, filled through a pointer: it lives outside the setjmp frame.
struct Decoded {
  std::vector<uint8_t> rgb;  // [H][W][3]
  int64_t height = 0;
  int64_t width = 0;
};

/// Returns false with `message` filled on any libjpeg error. No non-trivial locals (longjmp).
bool decode_rgb(const uint8_t* data, size_t size, Decoded* out, char* message, size_t message_size) {
  jpeg_decompress_struct info{};
  ErrorManager errors{};
  info.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = on_error;
  errors.base.emit_message = on_message;
  if (setjmp(errors.jump) != 0) {
    jpeg_destroy_decompress(&info);
    std::snprintf(message, message_size, "%s", errors.message);
    return false;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_RGB;
  jpeg_start_decompress(&info);
  out->height = info.output_height;
  out->width = info.output_width;
  if (out->height * out->width > kMaxPixels || info.output_components != kRgbChannels) {
    jpeg_destroy_decompress(&info);
    std::snprintf(message, message_size, "unsupported image: %lldx%lld with %d components",
                  static_cast<long long>(out->width), static_cast<long long>(out->height),
                  info.output_components);
    return false;
  }
  out->rgb.resize(static_cast<size_t>(out->height * out->width * kRgbChannels));
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = out->rgb.data() + static_cast<size_t>(info.output_scanline) * out->width * kRgbChannels;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return true;
}

}  // namespace

ImageSet decode_jpeg(const uint8_t* data, size_t size, const std::string& name) {
  Decoded decoded;
  char message[JMSG_LENGTH_MAX + 64] = {};
  if (size == 0 || !decode_rgb(data, size, &decoded, message, sizeof message)) {
    throw InputError(located(name, 0, std::string("corrupt JPEG: ") + (size == 0 ? "empty file" : message),
                             "the file is damaged or incomplete; extract or download it again"));
  }
  ImageSet image;
  image.channels = kRgbChannels;
  image.height = decoded.height;
  image.width = decoded.width;
  image.pixels.resize(decoded.rgb.size());
  int64_t plane = image.height * image.width;
  for (int64_t pixel = 0; pixel < plane; ++pixel) {
    for (int64_t channel = 0; channel < kRgbChannels; ++channel) {
      image.pixels[channel * plane + pixel] = decoded.rgb[pixel * kRgbChannels + channel];
    }
  }
  return image;
}

ImageSet decode_jpeg_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(located(path, 0, "cannot open file", "check the path and permissions"));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw IoError(located(path, 0, "read failed"));
  return decode_jpeg(bytes.data(), bytes.size(), path);
}

}  // namespace sild::images
