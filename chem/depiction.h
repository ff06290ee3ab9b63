// Pictures and files of molecules for people: an SVG drawing (the report's molecule grid) and
// SDF records with 2D coordinates and property tags (`sild generate -o x.sdf`). RDKit's drawing
// and writer classes stay behind this header.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace sild::chem {

/// An SVG drawing of the molecule (RDKit's MolDraw2DSVG, transparent background); empty when
/// RDKit rejects the SMILES.
std::string molecule_svg(const std::string& smiles, int width = 300, int height = 240);

/// Writes SDF records to a stream: 2D coordinates, the name line and one SD tag per name given
/// to the constructor, in that order (RDKit's SDWriter).
class SdfWriter {
 public:
  SdfWriter(std::ostream& out, std::vector<std::string> tag_names);
  ~SdfWriter();
  SdfWriter(const SdfWriter&) = delete;
  SdfWriter& operator=(const SdfWriter&) = delete;

  /// One record; `tag_values` parallel to the tag names. Throws InputError when RDKit rejects
  /// the SMILES.
  void write(const std::string& smiles, const std::string& name, const std::vector<std::string>& tag_values);
  void flush();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sild::chem
