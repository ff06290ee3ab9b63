#!/usr/bin/env bash
# The GPU check (issue 18): on a machine with an NVIDIA GPU and PyTorch installed (no RDKit,
# Boost, SQLite or spdlog needed), builds models/ and scripts/gpu_check/gpu_check.cpp against
# PyTorch's own LibTorch and prints one table: CPU vs CUDA agreement of training steps and of
# DDIM/DDPM sampling, training throughput (fp32, bf16) as a fraction of a same-run bf16 matrix
# product, sampling rate and peak memory. Exit status non-zero when an agreement check fails.
# Usage: scripts/gpu-check.sh [BUILD_DIR]   (Torch_DIR or CMAKE_PREFIX_PATH select another LibTorch)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-gpu}
prefix=${CMAKE_PREFIX_PATH:-$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')}
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
cmake -S scripts/gpu_check -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$build" -j "$(nproc)"
"$build/gpu_check"
