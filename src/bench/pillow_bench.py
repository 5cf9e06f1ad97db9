#!/usr/bin/python3
"""Pillow's half of compare.sh: the cases of dev.darkroom.bench.SideBySide, by the same names,
timed alike (a short warm-up, then the median of repeated runs), printed as "case<TAB>ms".

    /usr/bin/python3 src/bench/pillow_bench.py target/bench
"""
import io
import os
import statistics
import sys
import time

from PIL import Image, ImageFilter


# CLOCK=cpu: the process's CPU time instead of the wall clock, as the other two tools do.
CLOCK = time.process_time if os.environ.get("CLOCK") == "cpu" else time.perf_counter


def median_ms(work):
    for _ in range(2):
        work()
    times = []
    deadline = time.perf_counter() + 2.0
    while len(times) < 5 or (time.perf_counter() < deadline and len(times) < 30):
        start = CLOCK()
        work()
        times.append((CLOCK() - start) * 1000)
    return statistics.median(times)


def thumbnail(data):
    def run():
        im = Image.open(io.BytesIO(data))
        im.thumbnail((320, 320))   # draft() on JPEG, reducing_gap 2.0, bicubic: Pillow's usual path
        return im
    return run


def decode(data):
    return lambda: Image.open(io.BytesIO(data)).convert("RGB")


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "target/bench"
    only = sys.argv[2:]
    jpeg4 = open(os.path.join(folder, "photo-4mp.jpg"), "rb").read()
    jpeg14 = open(os.path.join(folder, "photo-14mp.jpg"), "rb").read()
    pixels4 = Image.open(io.BytesIO(jpeg4)).convert("RGB")
    more = {name: open(os.path.join(folder, "photo-%s.jpg" % name), "rb").read()
            for name in ("5k", "5k-progressive", "icc", "24mp")}
    cases = {
        "thumbnail-4mp": thumbnail(jpeg4),
        "thumbnail-14mp": thumbnail(jpeg14),
        "decode-4mp": decode(jpeg4),
        "decode-14mp": decode(jpeg14),
        "thumbnail-5k": thumbnail(more["5k"]),
        "decode-5k": decode(more["5k"]),
        "thumbnail-5k-progressive": thumbnail(more["5k-progressive"]),
        "decode-5k-progressive": decode(more["5k-progressive"]),
        "thumbnail-icc": thumbnail(more["icc"]),
        "decode-icc": decode(more["icc"]),
        "thumbnail-24mp": thumbnail(more["24mp"]),
        "decode-24mp": decode(more["24mp"]),
        "grayscale-4mp": lambda: pixels4.convert("L"),
        "gaussian-blur-5-4mp": lambda: pixels4.filter(ImageFilter.GaussianBlur(5)),
        "median-filter-3-4mp": lambda: pixels4.filter(ImageFilter.MedianFilter(3)),
    }
    for name, work in cases.items():
        if not only or name in only:
            print("%s\t%.1f" % (name, median_ms(work)), flush=True)


if __name__ == "__main__":
    main()
