# Third-party dependencies, all from Debian packages (scripts/install-deps.sh installs them).

# RDKit 2022.09 from librdkit-dev ships no CMake config: find headers and libraries by hand.
find_path(RDKIT_INCLUDE_DIR GraphMol/ROMol.h PATH_SUFFIXES rdkit REQUIRED)
set(SILD_RDKIT_COMPONENTS
  GraphMol SmilesParse Fingerprints DataStructs Descriptors ChemTransforms SubstructMatch
  FilterCatalog Catalogs FileParsers MolDraw2D Depictor RDGeneral RDGeometryLib)
add_library(sild_rdkit INTERFACE)
foreach(component IN LISTS SILD_RDKIT_COMPONENTS)
  find_library(RDKIT_${component}_LIBRARY NAMES RDKit${component} REQUIRED)
  target_link_libraries(sild_rdkit INTERFACE ${RDKIT_${component}_LIBRARY})
endforeach()
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
target_include_directories(sild_rdkit SYSTEM INTERFACE ${RDKIT_INCLUDE_DIR} ${Boost_INCLUDE_DIRS})
find_package(Threads REQUIRED)
target_link_libraries(sild_rdkit INTERFACE Threads::Threads)

find_package(ZLIB REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3 REQUIRED)  # safetensors headers (models/metrics/safetensors.cpp)
find_package(CURL REQUIRED)             # sild data download (data/dataset_download.cpp)
find_package(OpenSSL REQUIRED)          # SHA-256 of downloads
find_package(JPEG REQUIRED)             # CelebA decoding (data/images/jpeg_decoder.cpp)
find_package(PNG REQUIRED)              # sample grids (data/images/png_writer.cpp)
find_package(GTest REQUIRED)

if(SILD_WITH_TORCH)
  find_package(Torch REQUIRED)
  # Debian's LibTorch exports flags for its own consumers; keep only what we need.
  add_library(sild_torch INTERFACE)
  target_link_libraries(sild_torch INTERFACE ${TORCH_LIBRARIES})
  target_include_directories(sild_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
endif()

# What every program (`sild`, the benchmarks) links: the allocator and the process defaults
# (src/program/: jemalloc's decay and OpenMP's spin count, compiled in so that nobody has to set
# an environment variable). RDKit's per-molecule work (substructure searches, property
# dictionaries, fragment copies) allocates constantly from every thread, and glibc's malloc took
# about a quarter of `sild eval`'s time (perf, bench_eval); jemalloc's per-thread caches make
# the evaluation suite 1.3x faster. Sanitizer and fuzzing builds keep the sanitizer's malloc.
add_library(sild_process_defaults INTERFACE)
target_sources(sild_process_defaults INTERFACE ${PROJECT_SOURCE_DIR}/src/program/allocator_defaults.cpp
                                               ${PROJECT_SOURCE_DIR}/src/program/openmp_defaults.cpp)
if(NOT SILD_SANITIZE AND NOT SILD_FUZZ)
  find_library(SILD_JEMALLOC_LIBRARY NAMES jemalloc REQUIRED)  # Debian: libjemalloc-dev
  # --no-as-needed: nothing calls jemalloc by name, it replaces malloc by being loaded.
  target_link_libraries(sild_process_defaults INTERFACE "-Wl,--push-state,--no-as-needed"
                        ${SILD_JEMALLOC_LIBRARY} "-Wl,--pop-state")
endif()
