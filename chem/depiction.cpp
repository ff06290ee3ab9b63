// RDKit drawing and SDF writing (see depiction.h).
#include "chem/depiction.h"

#include <GraphMol/Depictor/RDDepictor.h>
#include <GraphMol/FileParsers/MolWriters.h>
#include <GraphMol/MolDraw2D/MolDraw2DSVG.h>
#include <GraphMol/MolDraw2D/MolDraw2DUtils.h>
#include <GraphMol/RWMol.h>

#include <ostream>

#include "chem/mol_io.h"
#include "common/errors.h"

namespace sild::chem {

std::string molecule_svg(const std::string& smiles, int width, int height) {
  auto mol = mol_from_smiles(smiles);
  if (!mol) return {};
  RDKit::MolDraw2DUtils::prepareMolForDrawing(*mol);
  RDKit::MolDraw2DSVG drawer(width, height);
  drawer.drawOptions().clearBackground = true;
  drawer.drawMolecule(*mol);
  drawer.finishDrawing();
  return drawer.getDrawingText();
}

struct SdfWriter::Impl {
  Impl(std::ostream& out, std::vector<std::string> names)
      : writer(&out, /*takeOwnership=*/false), tags(std::move(names)) {
    writer.setProps(tags);
  }
  RDKit::SDWriter writer;
  std::vector<std::string> tags;
};

SdfWriter::SdfWriter(std::ostream& out, std::vector<std::string> tag_names)
    : impl_(std::make_unique<Impl>(out, std::move(tag_names))) {}

SdfWriter::~SdfWriter() = default;

void SdfWriter::write(const std::string& smiles, const std::string& name,
                      const std::vector<std::string>& tag_values) {
  SILD_ASSERT(tag_values.size() == impl_->tags.size(), "one value per SD tag");
  auto mol = mol_from_smiles(smiles);
  if (!mol) throw InputError("cannot write '" + smiles + "' as SDF: RDKit rejects the SMILES");
  RDDepict::compute2DCoords(*mol);
  mol->setProp("_Name", name);
  for (size_t i = 0; i < tag_values.size(); ++i) mol->setProp(impl_->tags[i], tag_values[i]);
  impl_->writer.write(*mol);
}

void SdfWriter::flush() { impl_->writer.flush(); }

}  // namespace sild::chem
