#!/usr/bin/python3
"""Writes the benchmark JPEGs: the committed coffee photo upscaled to 4 MP and 14 MP.

    /usr/bin/python3 src/bench/make_photos.py target/bench

Upscaled rather than committed: the files are 1-5 MB, and the point is only that they are real
JPEGs of camera-like size with photo-like content (the upscale keeps the photo's texture).
"""
import os
import sys

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "test", "resources", "photos", "coffee.jpg")
SIZES = {"photo-4mp.jpg": (2448, 1632), "photo-14mp.jpg": (4592, 3056)}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "target", "bench")
    os.makedirs(out, exist_ok=True)
    source = Image.open(SOURCE).convert("RGB")
    for name, size in SIZES.items():
        path = os.path.join(out, name)
        if not os.path.exists(path):
            source.resize(size, Image.Resampling.LANCZOS).save(path, quality=90)
        print(path)


if __name__ == "__main__":
    main()
