#!/usr/bin/env bash
# Installs the Debian packages sild builds and runs with. Idempotent: packages that are
# already present are skipped, so a second run does no network work.
# Usage: scripts/install-deps.sh [build|python|fuzz]
set -euo pipefail

packages=(
  cmake make g++ ccache pkg-config
  librdkit-dev rdkit-data libboost-dev libboost-program-options-dev
  libtorch-dev libopenblas0-openmp libgloo-dev
  libspdlog-dev libfmt-dev libsqlite3-dev zlib1g-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev
  googletest libgtest-dev libbenchmark-dev
  chromium       # the report test renders the HTML report headless
  python3-torch  # the ChemNet converter test runs tools/chemnet_to_safetensors.py as the README does
)
case "${1:-build}" in
  build) ;;
  python) packages+=(python3-rdkit python3-numpy python3-scipy python3-pandas) ;;  # reference-vector oracles
  fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;                  # libFuzzer + sanitizers
  *) echo "usage: $0 [build|python|fuzz]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
