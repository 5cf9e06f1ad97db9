#!/usr/bin/python3
"""Writes the real-world-file fixtures the Java decoder tests read.

Run with the system interpreter, which has Debian's python3-pil 9.4.0:

    /usr/bin/python3 src/test/pillow/make_decoder_fixtures.py

Pillow writes them (not our Java code), so the decoder is checked against an independent
implementation of EXIF orientation and of CMYK JPEG. Output: src/test/resources/decoder/.

Every picture is the same upright 60x40 "compass": red top-left, green top-right, blue
bottom-left, yellow bottom-right. Whatever turn or flip a decoder gets wrong, some corner shows it.
"""
import os
import sys

import PIL
from PIL import Image, ImageOps

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "decoder")
RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 200, 0), (0, 0, 255), (255, 220, 0)

# How to store the upright picture so that a viewer applying orientation n shows it upright:
# the inverse of what ImageOps.exif_transpose does for n.
STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def compass(mode="RGB"):
    im = Image.new("RGB", (60, 40))
    im.paste(RED, (0, 0, 30, 20))
    im.paste(GREEN, (30, 0, 60, 20))
    im.paste(BLUE, (0, 20, 30, 40))
    im.paste(YELLOW, (30, 20, 60, 40))
    return im if mode == "RGB" else im.convert(mode)


def corners(im):
    w, h = im.size
    return [im.getpixel(p) for p in ((5, 5), (w - 6, 5), (5, h - 6), (w - 6, h - 6))]


def close(a, b):
    return all(abs(x - y) <= 40 for x, y in zip(a, b))


def main():
    if PIL.__version__ != "9.4.0":
        sys.exit("needs Pillow 9.4.0 (Debian python3-pil), got " + PIL.__version__)
    os.makedirs(OUT, exist_ok=True)
    upright = compass()
    for n, op in STORE.items():
        stored = upright if op is None else upright.transpose(op)
        exif = Image.Exif()
        exif[0x0112] = n
        path = os.path.join(OUT, "orientation-%d.jpg" % n)
        stored.save(path, quality=95, exif=exif.tobytes())
        shown = ImageOps.exif_transpose(Image.open(path))
        assert shown.size == (60, 40), (n, shown.size)
        assert all(close(a, b) for a, b in zip(corners(shown), [RED, GREEN, BLUE, YELLOW])), n

    # Pillow writes CMYK JPEGs the Adobe way (inverted, with an APP14 marker), as Photoshop does.
    compass("CMYK").save(os.path.join(OUT, "cmyk.jpg"), quality=95)

    # The same photo in the JPEG variants a DCT-domain decoder must tell apart: chroma sampling
    # 4:4:4, 4:2:2 and 4:2:0, grey, optimised Huffman tables, and progressive (which it must decline).
    # 203x157 so that neither side is a whole number of blocks or MCUs.
    photo = Image.open(os.path.join(OUT, "..", "photos", "coffee.jpg")).convert("RGB").resize((203, 157))
    for name, options in {"444": dict(subsampling=0), "422": dict(subsampling=1), "420": dict(subsampling=2),
                          "optimized": dict(optimize=True), "progressive": dict(progressive=True)}.items():
        photo.save(os.path.join(OUT, "variant-%s.jpg" % name), quality=90, **options)
    photo.convert("L").save(os.path.join(OUT, "variant-grey.jpg"), quality=90)

    # Two frames: the compass with a transparent hole, then solid black. Only the first may show.
    first = compass("RGBA")
    first.paste((0, 0, 0, 0), (25, 15, 35, 25))
    first = first.convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    hole = first.getpixel((30, 20))
    second = Image.new("P", (60, 40), 0)
    second.putpalette(first.getpalette())
    first.save(os.path.join(OUT, "animated.gif"), save_all=True, append_images=[second],
               transparency=hole, duration=100, loop=0)


if __name__ == "__main__":
    main()
