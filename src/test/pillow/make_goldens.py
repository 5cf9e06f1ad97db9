#!/usr/bin/python3
"""Writes the Pillow goldens the Java filter tests compare against.

Run with the system interpreter, which has Debian's python3-pil 9.4.0:

    /usr/bin/python3 src/test/pillow/make_goldens.py

Inputs are generated here, deterministically, so the goldens can be rebuilt bit for bit and
nobody has to wonder where a test picture came from. Output: src/test/resources/golden/
(inputs as in-*.png, Pillow's results as out-*.png, and manifest.json tying them together).
"""
import json
import math
import os
import random
import sys

import PIL
from PIL import Image, ImageDraw, ImageFilter

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden")


def photo_like(width, height, seed):
    """Gradients, hard edges, a noisy patch, flat areas and clipped values, so that every
    filter meets borders, ties, saturation and smooth ramps."""
    rnd = random.Random(seed)
    im = Image.new("RGB", (width, height))
    px = im.load()
    for y in range(height):
        for x in range(width):
            r = int(255 * x / max(1, width - 1))
            g = int(255 * y / max(1, height - 1))
            b = int(128 + 127 * math.sin(x / 5.0) * math.cos(y / 7.0))
            px[x, y] = (r, g, b)
    draw = ImageDraw.Draw(im)
    # Flat blocks touching the border, so edge replication and clipping matter.
    draw.rectangle([0, 0, width // 4, height // 3], fill=(255, 255, 255))
    draw.rectangle([width - width // 5, height - height // 4, width - 1, height - 1], fill=(0, 0, 0))
    draw.ellipse([width // 3, height // 4, width // 3 + height // 2, height // 4 + height // 2],
                 fill=(200, 30, 60))
    draw.line([0, height - 1, width - 1, 0], fill=(20, 220, 40), width=2)
    # Noise patch: exercises rank filters and the unsharp-mask threshold.
    for y in range(height // 2, height - height // 4):
        for x in range(width // 2, width // 2 + width // 4):
            base = px[x, y]
            px[x, y] = tuple(max(0, min(255, c + rnd.randint(-60, 60))) for c in base)
    # Single-pixel specks on the very border.
    px[0, height // 2] = (0, 0, 255)
    px[width - 1, 1] = (255, 0, 0)
    return im


def quantised(width, height, seed):
    """Few distinct levels per channel, so mode and rank filters see plenty of ties."""
    rnd = random.Random(seed)
    im = Image.new("RGB", (width, height))
    px = im.load()
    levels = [0, 64, 128, 192, 255]
    for y in range(height):
        for x in range(width):
            tile = ((x // 6) + (y // 5)) % 5
            px[x, y] = tuple(levels[(tile + rnd.choice((0, 0, 0, 1, 2)) + k) % 5] for k in range(3))
    return im


def with_alpha(width, height, seed):
    """RGBA: Pillow filters alpha as one more channel, straight (not premultiplied) colour."""
    im = photo_like(width, height, seed).convert("RGBA")
    alpha = Image.new("L", (width, height))
    apx = alpha.load()
    for y in range(height):
        for x in range(width):
            apx[x, y] = 0 if (x - width // 2) ** 2 + (y - height // 2) ** 2 < 40 else (x * 255) // (width - 1)
    im.putalpha(alpha)
    return im


def build(name, params):
    """The Pillow filter for a manifest entry; params use the JSON names the service takes."""
    cls = getattr(ImageFilter, name)
    if name in ("BLUR", "CONTOUR", "DETAIL", "EDGE_ENHANCE", "EDGE_ENHANCE_MORE", "EMBOSS",
                "FIND_EDGES", "SHARPEN", "SMOOTH", "SMOOTH_MORE"):
        return cls
    if name == "Kernel":
        p = dict(params)
        p["size"] = tuple(p["size"])
        return cls(**p)
    return cls(**params)


BUILTINS = ["BLUR", "CONTOUR", "DETAIL", "EDGE_ENHANCE", "EDGE_ENHANCE_MORE", "EMBOSS",
            "FIND_EDGES", "SHARPEN", "SMOOTH", "SMOOTH_MORE"]

# (title, filter name, params). Titles become the JUnit display names.
COMMON = [(f"{b} kernel", b, {}) for b in BUILTINS] + [
    ("gaussian blur radius 0", "GaussianBlur", {"radius": 0}),
    ("gaussian blur radius 0.5", "GaussianBlur", {"radius": 0.5}),
    ("gaussian blur default radius 2", "GaussianBlur", {}),
    ("gaussian blur radius 5", "GaussianBlur", {"radius": 5}),
    ("box blur radius 0", "BoxBlur", {"radius": 0}),
    ("box blur radius 1", "BoxBlur", {"radius": 1}),
    ("box blur radius 2.5", "BoxBlur", {"radius": 2.5}),
    ("unsharp mask defaults", "UnsharpMask", {}),
    ("unsharp mask radius 3 percent 250 threshold 10", "UnsharpMask",
     {"radius": 3, "percent": 250, "threshold": 10}),
    ("median filter default size 3", "MedianFilter", {}),
    ("median filter size 5", "MedianFilter", {"size": 5}),
    ("min filter default size 3", "MinFilter", {}),
    ("max filter size 5", "MaxFilter", {"size": 5}),
    ("mode filter default size 3", "ModeFilter", {}),
    ("mode filter size 5", "ModeFilter", {"size": 5}),
    ("rank filter size 5 rank 3", "RankFilter", {"size": 5, "rank": 3}),
    ("3x3 kernel with default scale", "Kernel",
     {"size": [3, 3], "kernel": [1, 2, 0, -1, 4, 1, 0, 3, -2]}),
    ("5x5 kernel with scale and offset", "Kernel",
     {"size": [5, 5], "kernel": [1, 0, 2, 0, 1, -1, 3, 0.5, 1, 0, 0, 1, -4, 1, 0,
                                 2, 0, 1, 0, -2, 1, 1, 0, 1, 1.5],
      "scale": 7.5, "offset": 20}),
]

EXTRA = {
    # Radii larger than the image take BoxBlur.c's other edge branch.
    "small": [
        ("box blur radius 30 wider than the image", "BoxBlur", {"radius": 30}),
        ("gaussian blur radius 12 wider than the image", "GaussianBlur", {"radius": 12}),
        ("rank filter size 7 rank 40", "RankFilter", {"size": 7, "rank": 40}),
    ],
    # A zero-sum kernel with an explicit scale: our default for a zero sum is scale 1.
    "photo": [
        ("zero-sum 3x3 kernel with scale 1 and offset 128", "Kernel",
         {"size": [3, 3], "kernel": [-1, -2, -1, 0, 0, 0, 1, 2, 1], "scale": 1, "offset": 128}),
    ],
    "alpha": [
        ("SMOOTH kernel with alpha", "SMOOTH", {}),
        ("SMOOTH_MORE kernel with alpha", "SMOOTH_MORE", {}),
        ("gaussian blur radius 3 with alpha", "GaussianBlur", {"radius": 3}),
        ("unsharp mask defaults with alpha", "UnsharpMask", {}),
        ("median filter default size 3 with alpha", "MedianFilter", {}),
        ("mode filter default size 3 with alpha", "ModeFilter", {}),
    ],
    # The 5x5 kernels copy an image smaller than themselves unchanged.
    "tiny": [
        ("BLUR kernel on an image smaller than the kernel", "BLUR", {}),
        ("SMOOTH kernel on a 4x3 image", "SMOOTH", {}),
        ("median filter size 5 on a 4x3 image", "MedianFilter", {"size": 5}),
        ("gaussian blur radius 2 on a 4x3 image", "GaussianBlur", {"radius": 2}),
    ],
}

RANK_AND_MODE = {"MedianFilter", "MinFilter", "MaxFilter", "ModeFilter", "RankFilter"}


def slug(title):
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-").replace("--", "-")


def main():
    if PIL.__version__ != "9.4.0":
        sys.exit(f"goldens are defined against Pillow 9.4.0, this is {PIL.__version__}")
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".png") or old == "manifest.json":
            os.remove(os.path.join(OUT, old))

    inputs = {
        "photo": photo_like(96, 64, seed=1),
        "small": photo_like(37, 23, seed=2),
        "ties": quantised(60, 40, seed=3),
        "tiny": photo_like(4, 3, seed=4),
        "alpha": with_alpha(40, 30, seed=5),
    }
    cases = []
    for key, im in inputs.items():
        im.save(os.path.join(OUT, f"in-{key}.png"), optimize=True)
        if key == "ties":
            entries = [c for c in COMMON if c[1] in RANK_AND_MODE]
        elif key in ("tiny", "alpha"):
            entries = []
        else:
            entries = list(COMMON)
        entries += EXTRA.get(key, [])
        for title, name, params in entries:
            out = f"out-{key}-{slug(title)}.png"
            im.filter(build(name, params)).save(os.path.join(OUT, out), optimize=True)
            cases.append({"title": f"{title} on {key}", "input": f"in-{key}.png", "output": out,
                          "name": name, "params": params})

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"pillow": PIL.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"{len(cases)} cases, {total / 1024:.0f} KiB in {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
