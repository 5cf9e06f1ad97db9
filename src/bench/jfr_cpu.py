#!/usr/bin/python3
"""Where the CPU went in a JFR recording, by part of Darkroom, as percentages of the samples.

    /usr/bin/python3 src/bench/jfr_cpu.py target/bench/after.jfr [--top 15]

Each sample is put under the first frame, from the running method towards the
thread's start, that belongs to a part named below; frames of the JDK, Reactor and Netty are
passed over, as they run on behalf of whatever called them. --top also lists the hottest frames
of each part.
"""
import argparse
import collections
import json
import os
import subprocess

# (part, prefixes of frames), in the order they are tried on each frame.
PARTS = [
    ("JFR itself", ["jdk.jfr."]),
    ("encode (thumbnail JPEG)", ["dev.darkroom.image.TurboJpeg$Compressor", "dev.darkroom.image.ImageEncoder", "com.sun.imageio.plugins.jpeg.JPEGImageWriter",
                                "com.sun.imageio.plugins.png"]),
    ("decode (JPEG)", ["dev.darkroom.image.ImageDecoder", "dev.darkroom.image.Jpeg", "dev.darkroom.image.TurboJpeg", "dev.darkroom.image.ExifOrientation",
                       "com.twelvemonkeys.imageio.plugins.jpeg", "com.sun.imageio.plugins.jpeg"]),
    ("thumbnail resize", ["dev.darkroom.operation.Thumbnail", "org.imgscalr"]),
    ("dominant colours", ["dev.darkroom.operation.DominantColors"]),
    ("upload header probe", ["dev.darkroom.image.ImageHeader", "dev.darkroom.image.ImageFormat"]),
    ("embedded S3 server (S3Proxy, Jetty)", ["org.gaul.", "org.eclipse.jetty.", "org.jclouds.", "com.google.common.hash"]),
    ("S3 client (MinIO, OkHttp)", ["io.minio.", "okhttp3.", "okio."]),
    ("database (R2DBC)", ["io.r2dbc.", "org.springframework.r2dbc.", "org.springframework.transaction."]),
    ("broker (RabbitMQ)", ["com.rabbitmq.", "reactor.rabbitmq."]),
    ("multipart parsing", ["org.springframework.http.codec.multipart."]),
    ("HTTP and JSON (WebFlux, Jackson)", ["org.springframework.web.", "org.springframework.http.", "reactor.netty.http.",
                                         "tools.jackson.", "com.fasterxml.jackson."]),
    ("logging", ["ch.qos.logback.", "org.slf4j."]),
    ("metrics", ["io.micrometer.", "io.prometheus."]),
    ("Darkroom's own code", ["dev.darkroom."]),
]


def part_of(frames):
    for frame in frames:
        name = frame["method"]["type"]["name"].replace("/", ".")
        for part, prefixes in PARTS:
            if any(name.startswith(p) for p in prefixes):
                return part, name + "." + frame["method"]["name"]
    leaf = frames[0]["method"] if frames else None
    return "other (JDK, Reactor, Netty)", (leaf["type"]["name"].replace("/", ".") + "." + leaf["name"]) if leaf else "?"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--top", type=int, default=0)
    options = parser.parse_args()
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
    # jdk.CPUTimeSample (JDK 25, bulk_bench.py turns it on) samples each thread by the CPU time it
    # uses, native code included. jdk.ExecutionSample samples threads by wall time while they are
    # in Java code, runnable or not: it counts pixel threads at nice 10, waiting for a core, as
    # busy, and misses the native JPEG codec.
    events = []
    for kind in ("jdk.CPUTimeSample", "jdk.ExecutionSample"):
        out = subprocess.run([jfr, "print", "--json", "--stack-depth", "256", "--events", kind, options.recording],
                             capture_output=True, text=True, check=True).stdout
        events = [e for e in json.loads(out)["recording"]["events"] if e["values"].get("stackTrace")]
        if events:
            print("%s:" % kind, end=" ")
            break
    parts = collections.Counter()
    hottest = collections.defaultdict(collections.Counter)
    for event in events:
        part, frame = part_of(event["values"]["stackTrace"]["frames"])
        parts[part] += 1
        hottest[part][frame] += 1
    total = sum(parts.values())
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.CPUTimeSamplesLost", options.recording],
                         capture_output=True, text=True, check=True).stdout
    lost = sum(e["values"]["lostSamples"] for e in json.loads(out)["recording"]["events"])
    print("%d samples, %d reported lost" % (total, lost))
    # Measured on 2 December (a 2,000-photo run, 5 ms period): the pixel threads' samples times the
    # period came to about 80% of their CPU as they counted it themselves, the other Java threads'
    # to about half of theirs: the sampler loses more samples of threads that run in short bursts
    # (event loops, the store's handlers) than it reports lost. Compiler and GC threads are not Java threads and are not
    # sampled at all. So these shares are of what was sampled, and overstate long computations:
    # bulk_bench.py prints each thread pool's CPU as the kernel counted it.
    print("(shares of the samples: they overstate threads that compute for long; the JIT and GC are not in them)")
    for part, count in parts.most_common():
        print("%5.1f%%  %s" % (100 * count / total, part))
        for frame, n in hottest[part].most_common(options.top):
            print("          %5.1f%%  %s" % (100 * n / total, frame))


if __name__ == "__main__":
    main()
