#!/usr/bin/python3
"""Converts ChemNet weights in fcd_torch's format into sild's ChemNet weight file.

fcd_torch (the FCD implementation MOSES uses) ships ChemNet_v0.13_pretrained.pt: a torch.save'd
list of (layer_type, (state_dict, kwargs, other_info)) with layer_type "Conv1d" or "LSTM". This
script writes the same weights as safetensors with the layer list in the header metadata, the
format models/metrics/chemnet.h documents, so sild can evaluate ChemNet without Python or pickles.

Usage: chemnet_to_safetensors.py ChemNet_v0.13_pretrained.pt chemnet.safetensors
Needs PyTorch (Debian: python3-torch). The default place sild looks for the result is
~/.local/share/sild/chemnet.safetensors (or set SILD_CHEMNET, or pass --chemnet).
"""
import json
import os
import struct
import sys

import torch


def _int(value):
    return int(value[0]) if isinstance(value, (tuple, list)) else int(value)


def layers_and_tensors(config):
    """The sild layer list and the named tensors of an fcd_torch ChemNet config."""
    layers, tensors = [], {}
    for index, (kind, (state, kwargs, info)) in enumerate(config):
        prefix = "layers.%d." % index
        if kind == "Conv1d":
            for key in ("padding", "dilation", "groups"):
                if key in kwargs and _int(kwargs[key]) != (1 if key != "padding" else 0):
                    raise ValueError("layer %d: Conv1d %s=%r is not supported" % (index, key, kwargs[key]))
            layers.append({"type": "conv1d", "in": int(kwargs["in_channels"]), "out": int(kwargs["out_channels"]),
                           "kernel_size": _int(kwargs["kernel_size"]), "stride": _int(kwargs.get("stride", 1)),
                           "padding": "same" if info["padding"] == "same" else "valid",
                           "activation": info["activation"]})
            tensors[prefix + "weight"] = state["weight"]
            tensors[prefix + "bias"] = state["bias"]
        elif kind == "LSTM":
            if not kwargs.get("batch_first", False) or kwargs.get("num_layers", 1) != 1 or kwargs.get("bidirectional", False):
                raise ValueError("layer %d: only single-layer, batch-first, one-directional LSTMs are supported" % index)
            layers.append({"type": "lstm", "in": int(kwargs["input_size"]), "hidden": int(kwargs["hidden_size"]),
                           "reverse": bool(info["reverse"]), "last": bool(info["last"])})
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                tensors[prefix + name] = state[name + "_l0"]
        else:
            raise ValueError("layer %d: unknown layer type %r" % (index, kind))
    return layers, tensors


def write_safetensors(path, tensors, metadata):
    """safetensors: u64 little-endian header length, JSON header, raw little-endian float32 data."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    temporary = path + ".tmp"
    with open(temporary, "wb") as handle:
        handle.write(struct.pack("<Q", len(text)))
        handle.write(text)
        for blob in blobs:
            handle.write(blob)
    os.replace(temporary, path)


def convert(source, target):
    config = torch.load(source, map_location="cpu")
    layers, tensors = layers_and_tensors(config)
    metadata = {"format": "sild-chemnet", "version": "1", "layers": json.dumps(layers),
                "source": os.path.basename(source)}
    write_safetensors(target, tensors, metadata)
    return layers


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    layers = convert(sys.argv[1], sys.argv[2])
    for layer in layers:
        print(json.dumps(layer))
    print("wrote", sys.argv[2])


if __name__ == "__main__":
    main()
