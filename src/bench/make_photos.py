#!/usr/bin/python3
"""Writes the benchmark JPEGs: the committed coffee photo upscaled to 4 MP and 14 MP, and to
5120x2880 as a baseline and as a progressive file, and to 2560x1600 with an sRGB ICC profile
(LittleCMS's, as Pillow's ImageCms writes it) embedded.

    /usr/bin/python3 src/bench/make_photos.py target/bench

Upscaled rather than committed: the files are 1-5 MB, and the point is only that they are real
JPEGs of camera-like size with photo-like content (the upscale keeps the photo's texture).
"""
import os
import sys

from PIL import Image, ImageCms

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "test", "resources", "photos", "coffee.jpg")
SIZES = {"photo-4mp.jpg": (2448, 1632), "photo-14mp.jpg": (4592, 3056), "photo-5k.jpg": (5120, 2880),
         "photo-5k-progressive.jpg": (5120, 2880), "photo-icc.jpg": (2560, 1600),
         "photo-24mp.jpg": (6000, 4000)}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "target", "bench")
    os.makedirs(out, exist_ok=True)
    source = Image.open(SOURCE).convert("RGB")
    for name, size in SIZES.items():
        path = os.path.join(out, name)
        if not os.path.exists(path):
            options = {"quality": 90}
            if "progressive" in name:
                options["progressive"] = True
            if "icc" in name:
                options["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
            source.resize(size, Image.Resampling.LANCZOS).save(path, **options)
        print(path)


if __name__ == "__main__":
    main()
