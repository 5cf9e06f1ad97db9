#!/usr/bin/python3
"""The bulk workload of issue 9, end to end: Darkroom against a Pillow script, in one run.

    /usr/bin/python3 src/bench/bulk_bench.py                   # 1,000 photos, starts Darkroom
    /usr/bin/python3 src/bench/bulk_bench.py --files 4000      # the hue-gallery seed's 4,000
    /usr/bin/python3 src/bench/bulk_bench.py --folder ~/Pictures --url http://localhost:8080 --key "$KEY"

The photos: distinct JPEGs of 0.5-1.2 MP cut, scaled, turned and tinted from the committed test
photos (target/bench/bulk-<N>, made once), or every *.jpg of --folder.

Pillow: what a user would otherwise write, in as many processes as cores; per file, a draft
decode, a thumbnail of at most 320x320 saved as JPEG, a 16-colour quantise and the 4 heaviest
non-grey colours of it.

Darkroom: started here (mvn spring-boot:run, with a database, queues and object store of its
own) unless --url is given. The photos go up as the web app sends them (web/src/lib/bulk.ts and
chunk.ts): 10 files per multipart POST /api/images, 3 requests in flight. Each image is then
followed as the web app's poller does, by GET /api/images?ids= (up to 100 images a request),
until it is completed (its thumbnail and colours stored) or failed. The clock runs from the first upload to the last image
completed. A warm-up of --warmup other photos goes first, as a running service is warm.
The latency of GET /api/images/{id} while the workload runs is printed too, from one such
request every 50 ms by a process of its own, and as Darkroom's own histogram timed it.
A gallery is open over /ws/gallery through the run, as the hue-gallery seed's page is while
its photos come in, so the gallery's work for each completed photo is counted too.
"""
import argparse
import base64
import collections
import colorsys
import http.client
import io
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SOURCES = os.path.join(ROOT, "src", "test", "resources", "photos")
FILES_PER_REQUEST = 10          # web/src/lib/chunk.ts DEFAULT_CHUNK_LIMITS.maxFiles
BYTES_PER_REQUEST = 8 << 20     # ... and maxBytes
REQUESTS_IN_FLIGHT = 3          # web/src/lib/bulk.ts concurrency


# ---------------------------------------------------------------- the photos

def make_one(args):
    index, out = args
    rng = random.Random(index)
    names = sorted(n for n in os.listdir(SOURCES) if n.endswith(".jpg"))
    source = Image.open(os.path.join(SOURCES, names[index % len(names)])).convert("RGB")
    w, h = source.size
    # A random crop of at least half of each side, so no two files are the same picture.
    cw, ch = rng.randint(w // 2, w), rng.randint(h // 2, h)
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    image = source.crop((x, y, x + cw, y + ch))
    if rng.random() < 0.5:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    megapixels = rng.uniform(0.5, 1.2)
    aspect = cw / ch
    tw = int((megapixels * 1e6 * aspect) ** 0.5)
    th = int(megapixels * 1e6 / tw)
    image = image.resize((tw, th), Image.Resampling.BICUBIC)
    # A tint, so colours differ from file to file.
    tint = [rng.uniform(0.8, 1.2) for _ in range(3)]
    image = Image.merge("RGB", [band.point(lambda v, f=f: min(255, int(v * f))) for band, f in zip(image.split(), tint)])
    path = os.path.join(out, "photo-%05d.jpg" % index)
    image.save(path, quality=rng.randint(80, 92))
    return path


def photos(count, first, cores):
    """count distinct photos numbered from first, made once into target/bench/bulk."""
    out = os.path.join(ROOT, "target", "bench", "bulk")
    os.makedirs(out, exist_ok=True)
    wanted = [i for i in range(first, first + count) if not os.path.exists(os.path.join(out, "photo-%05d.jpg" % i))]
    if wanted:
        print("making %d photos in %s ..." % (len(wanted), out), file=sys.stderr)
        with ProcessPoolExecutor(cores) as pool:
            list(pool.map(make_one, [(i, out) for i in wanted], chunksize=16))
    return [os.path.join(out, "photo-%05d.jpg" % i) for i in range(first, first + count)]


# ---------------------------------------------------------------- the Pillow script

def pillow_one(args):
    path, out = args
    image = Image.open(path)
    image.draft("RGB", (320, 320))
    image = image.convert("RGB")
    image.thumbnail((320, 320))
    image.save(os.path.join(out, os.path.basename(path)), quality=85)
    quantised = image.quantize(16, method=Image.Quantize.FASTOCTREE)
    palette = quantised.getpalette()
    colours = []
    for count, index in sorted(quantised.getcolors(), reverse=True):
        r, g, b = palette[index * 3:index * 3 + 3]
        _, lightness, saturation = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
        if saturation >= 0.15 and 0.08 <= lightness <= 0.92 and max(r, g, b) - min(r, g, b) >= 20:
            colours.append((r, g, b))
        if len(colours) == 4:
            break
    return colours


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_pillow(files, processes):
    """Seconds for the files, and CPU seconds per file (the workers', counted once they have ended)."""
    out = tempfile.mkdtemp(prefix="bulk-pillow-")
    try:
        cpu_before = children_cpu()
        warmup = files[:processes * 4]
        with ProcessPoolExecutor(processes) as pool:
            list(pool.map(pillow_one, [(f, out) for f in warmup]))  # the pool started, caches warm
            start = time.monotonic()
            list(pool.map(pillow_one, [(f, out) for f in files], chunksize=8))
            seconds = time.monotonic() - start
        return seconds, (children_cpu() - cpu_before) / (len(files) + len(warmup))
    finally:
        shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------- Darkroom

class Client:
    """One kept-alive connection per thread, with the key."""

    def __init__(self, url, key):
        self.url = urllib.parse.urlsplit(url)
        self.headers = {}
        if key:
            self.headers["Authorization"] = "Bearer " + key
        self.local = threading.local()

    def request(self, method, path, body=None, headers=None):
        for attempt in range(20):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=120)
            try:
                connection.request(method, path, body=body, headers={**self.headers, **(headers or {})})
                response = connection.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                self.local.connection = None
                time.sleep(0.2)
                continue
            if response.status == 429:
                time.sleep(float(response.getheader("Retry-After", "1")))
                continue
            return response.status, data
        raise RuntimeError("%s %s: no answer after 20 attempts" % (method, path))


def multipart(paths):
    boundary = uuid.uuid4().hex
    parts = []
    for path in paths:
        with open(path, "rb") as f:
            content = f.read()
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                      "Content-Type: image/jpeg\r\n\r\n" % (boundary, os.path.basename(path))).encode())
        parts.append(content)
        parts.append(b"\r\n")
    parts.append(("--%s--\r\n" % boundary).encode())
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


def chunks(files):
    """web/src/lib/chunk.ts: at most 10 files and 8 MB a request; a bigger file alone."""
    out, current, size = [], [], 0
    for path in files:
        length = os.path.getsize(path)
        if current and (len(current) >= FILES_PER_REQUEST or size + length > BYTES_PER_REQUEST):
            out.append(current)
            current, size = [], 0
        current.append(path)
        size += length
    if current:
        out.append(current)
    return out


def run_darkroom(client, files):
    """Seconds from the first upload to the last photo completed; GET latencies; failures."""
    pending = {}                 # id -> None, in upload order, until seen completed or failed
    lock = threading.Condition()
    uploads_done = threading.Event()
    failed, rejected = [], []

    def upload(paths):
        body, content_type = multipart(paths)
        status, data = client.request("POST", "/api/images", body, {"Content-Type": content_type})
        if status != 201:
            raise RuntimeError("upload answered %d: %s" % (status, data[:300]))
        answer = json.loads(data)
        rejected.extend(answer.get("rejected", []))
        with lock:
            for image in answer["images"]:
                pending[image["id"]] = None
            lock.notify_all()

    def follow():
        # As web/src/lib/poller.ts: the images not yet ended, up to 100 a request, with
        # GET /api/images?ids=..., oldest first (photos are processed about in upload order).
        while True:
            with lock:
                while not pending and not uploads_done.is_set():
                    lock.wait(0.5)
                if uploads_done.is_set() and not pending:
                    return
                asked = list(pending)[:100]
            status, data = client.request("GET", "/api/images?ids=" + ",".join(asked))
            if status != 200:
                raise RuntimeError("GET /api/images?ids= answered %d: %s" % (status, data[:300]))
            seen = {image["id"]: image for image in json.loads(data)["images"]}
            ended = 0
            with lock:
                for image in asked:
                    state = seen[image]["status"] if image in seen else "gone"
                    if state in ("completed", "failed", "gone"):
                        ended += 1
                        del pending[image]
                        if state != "completed":
                            failed.append((image, state, seen.get(image, {}).get("error")))
            if ended < len(asked):
                time.sleep(0.2)

    probing = multiprocessing.Event()
    wanted = multiprocessing.Queue()
    measured = multiprocessing.Queue()

    def first_image():
        # The probe asks about one image: the latency of the answer does not depend on which.
        with lock:
            while not pending:
                lock.wait()
            for _ in PROBES:
                wanted.put(next(iter(pending)))

    gallery = GalleryWatch(client.url.geturl(), client.headers)
    start = time.monotonic()
    probers = [multiprocessing.Process(target=probe, args=(client.url.geturl(), client.headers if keyed else {}, wanted,
                                                           probing, measured, label, nice), daemon=True)
               for label, nice, keyed in PROBES]
    for prober in probers:
        prober.start()
    threads = [threading.Thread(target=follow, daemon=True), threading.Thread(target=first_image, daemon=True)]
    for t in threads:
        t.start()
    with ThreadPoolExecutor(REQUESTS_IN_FLIGHT) as pool:
        list(pool.map(upload, chunks(files)))
    uploaded = time.monotonic() - start
    uploads_done.set()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    probing.set()
    latencies = dict(measured.get() for _ in probers)
    for prober in probers:
        prober.join()
    # Added frames still on their way when the last photo is seen completed are not waited for.
    frames = gallery.close()
    print("the open gallery received %d frames: %s" % (sum(frames.values()), dict(frames)), file=sys.stderr)
    return seconds, uploaded, latencies, failed, rejected


class GalleryWatch:
    """One open gallery (/ws/gallery, hue 0 with the widest tolerance the server allows), reading
    the frames the run makes: a minimal WebSocket client, as the benchmark uses no library."""

    def __init__(self, url, headers):
        parts = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
        lines = ["GET /ws/gallery HTTP/1.1", "Host: %s:%d" % (parts.hostname, parts.port), "Upgrade: websocket",
                 "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                 "Sec-WebSocket-Key: " + base64.b64encode(os.urandom(16)).decode()]
        lines += ["%s: %s" % header for header in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.reader = self.sock.makefile("rb")
        status = self.reader.readline()
        if b" 101 " not in status:
            raise RuntimeError("the gallery's handshake answered " + status.decode(errors="replace").strip())
        while self.reader.readline() not in (b"\r\n", b""):
            pass
        self.sock.settimeout(None)
        self.frames = collections.Counter()
        self.send(1, json.dumps({"type": "query", "hue": 0, "tolerance": 180, "queryId": 1}).encode())
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def send(self, opcode, payload):
        mask = os.urandom(4)
        size = len(payload)
        head = bytes([0x80 | opcode]) + (bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + struct.pack(">H", size))
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def read(self):
        try:
            while True:
                head = self.reader.read(2)
                if len(head) < 2:
                    return
                opcode, size = head[0] & 0x0F, head[1] & 0x7F
                if size == 126:
                    size = struct.unpack(">H", self.reader.read(2))[0]
                elif size == 127:
                    size = struct.unpack(">Q", self.reader.read(8))[0]
                payload = self.reader.read(size)
                if opcode == 1:
                    self.frames[json.loads(payload).get("type", "?")] += 1
                elif opcode == 9:
                    self.send(10, payload)      # a pong, as a browser answers the server's pings
                elif opcode == 8:
                    return
        except (OSError, ValueError):
            return

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.thread.join(10)
        self.sock.close()
        return self.frames


# The probes of GET /api/images/{id}: (what it stands for, its nice value, whether it sends the key).
# Raised to nice -10 (where the benchmark may, as root), a probe does not wait for a core of the
# saturated machine before it sends and after it is answered, as a client on another machine does
# not. Without a key, the request is answered 401 before any database work: what is left is the
# HTTP path itself.
PROBES = [("a client on this machine", 0, True)] \
    + ([("a client elsewhere: the probe at nice -10", -10, True)] if os.geteuid() == 0 else []) \
    + [("without a key: a 401 before any database work", 0, False)]


def probe(url, headers, wanted, probing, measured, label, nice):
    """The latency a client sees for GET /api/images/{id} while the workload runs: one request
    every 50 ms, from a process of its own, so that the uploading threads' share of Python's
    interpreter lock is not counted as the service's."""
    os.nice(nice)
    client = Client(url, None)
    client.headers = headers
    image = wanted.get()
    latencies = []
    while not probing.is_set():
        sent = time.monotonic()
        client.request("GET", "/api/images/" + image)
        latencies.append(time.monotonic() - sent)
        time.sleep(0.05)
    measured.put((label, latencies))


def server_buckets(client):
    """Darkroom's own histogram of GET /api/images/{id}: {upper bound in s: requests so far}; None if not readable."""
    status, data = client.request("GET", "/actuator/prometheus")
    if status != 200:
        return None
    buckets = {}
    for line in data.decode().splitlines():
        if line.startswith("http_server_requests_seconds_bucket{") and 'uri="/api/images/{id}"' in line \
                and 'method="GET"' in line and 'status="200"' in line:
            text = line.split('le="', 1)[1].split('"', 1)[0]
            bound = float("inf") if text == "+Inf" else float(text)
            buckets[bound] = buckets.get(bound, 0) + float(line.rsplit(" ", 1)[1])
    return buckets


def store_reads(client):
    """Darkroom's reads of stored objects so far ({"hit": from memory, "miss": from the store}), and
    "refused": objects written and not kept in memory."""
    status, data = client.request("GET", "/actuator/prometheus")
    reads = {"hit": 0.0, "miss": 0.0, "refused": 0.0}
    if status == 200:
        for line in data.decode().splitlines():
            if line.startswith("darkroom_storage_recent_total{"):
                outcome = line.split('outcome="', 1)[1].split('"', 1)[0]
                reads[outcome] = reads.get(outcome, 0.0) + float(line.rsplit(" ", 1)[1])
            elif line.startswith("darkroom_storage_recent_refused_total"):
                reads["refused"] = float(line.rsplit(" ", 1)[1])
    return reads


def server_percentile(before, after, p):
    """The bucket bound within which p% of the requests between the two readings were answered."""
    if not before or not after:
        return None
    deltas = sorted((bound, after[bound] - before.get(bound, 0)) for bound in after)
    total = deltas[-1][1]
    return next((bound for bound, count in deltas if total and count >= p / 100 * total), None)


def start_darkroom(port, name, jvm_args, store_dir=None, pg_port=5432):
    """mvn spring-boot:run with a database, queues and object store of its own; the key it made."""
    base = os.path.join(ROOT, "target", "bench", "darkroom-" + name)
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    store = os.path.join(store_dir or base, "darkroom-%s-s3" % name if store_dir else "s3")
    shutil.rmtree(store, ignore_errors=True)
    key_file = os.path.join(base, "admin-key")
    database = "darkroom_bench_%s_test" % name.replace("-", "_")
    arguments = [
        "--server.port=%d" % port,
        "--spring.r2dbc.url=r2dbc:postgresql://localhost:%d/%s" % (pg_port, database),
        "--spring.flyway.url=jdbc:postgresql://localhost:%d/%s" % (pg_port, database),
        "--darkroom.database.reset-on-start=true",
        "--darkroom.jobs.queue=darkroom.bench-%s.jobs" % name,
        "--darkroom.photos.queue=darkroom.bench-%s.photo-processor" % name,
        "--darkroom.batches.queue=darkroom.bench-%s.batches" % name,
        "--darkroom.import.queue=darkroom.bench-%s.photo-downloads" % name,
        "--darkroom.progress.exchange=darkroom.bench-%s.progress" % name,
        "--darkroom.gallery.exchange=darkroom.bench-%s.gallery" % name,
        "--darkroom.storage.embedded.data-dir=" + store,
        "--darkroom.security.key-file=" + key_file,
        "--logging.file.name=" + os.path.join(base, "darkroom.log"),
    ]
    env = dict(os.environ, JAVA_HOME=os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"))
    env["PATH"] = os.path.join(env["JAVA_HOME"], "bin") + os.pathsep + env["PATH"]
    # optimizedLaunch=false: spring-boot:run otherwise starts the JVM with -XX:TieredStopAtLevel=1,
    # a quicker start with no C2 compiler, and the pixel loops would run at C1 speed.
    command = ["mvn", "-B", "-o", "-q", "-Dskip.web", "spring-boot:run", "-Dspring-boot.run.optimizedLaunch=false",
               "-Dspring-boot.run.arguments=" + " ".join(arguments)]
    if jvm_args:
        # Added to the pom's jvmArguments (-Dspring-boot.run.jvmArguments would be ignored: the
        # pom's configuration wins over it).
        command.append("-Ddarkroom.run.jvm=" + jvm_args)
    print("starting Darkroom on port %d (log: %s) ..." % (port, os.path.join(base, "darkroom.log")), file=sys.stderr)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(os.path.join(base, "mvn.out"), "w"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        return process, wait_until_ready(process, port, key_file, base)
    except BaseException:
        os.killpg(process.pid, signal.SIGTERM)
        raise


def psql(pg_port, sql, check=True):
    """Runs one statement in the postgres database of that cluster; its rows, tab-separated."""
    done = subprocess.run(["psql", "-qAtF", "\t", "-h", "localhost", "-p", str(pg_port), "-U", os.environ.get("PGUSER", "postgres"),
                           "-d", "postgres", "-c", sql], capture_output=True, text=True, timeout=60, check=check)
    return [line.split("\t") for line in done.stdout.splitlines() if line]


def print_statements(pg_port, files):
    """What PostgreSQL spent on each statement per file (pg_stat_statements, reset before the run)."""
    rows = psql(pg_port, "SELECT calls, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) "
                         "FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12")
    total = psql(pg_port, "SELECT sum(calls), sum(total_exec_time) FROM pg_stat_statements")[0]
    print("PostgreSQL per file (pg_stat_statements): %.1f statements, %.2f ms executing; the largest:"
          % (float(total[0]) / files, float(total[1]) / files))
    for calls, ms, text in rows:
        print("  %6.2f ms %5.2f calls  %s" % (float(ms) / files, float(calls) / files, text))


def remove_leftovers(name, pg_port=5432):
    """Deletes the database and the durable queues of the Darkroom this script started. The
    queues are quorum queues, a process or more each on the broker: left behind run after run,
    hundreds of them wore the local RabbitMQ down until it stopped answering new connections."""
    database = "darkroom_bench_%s_test" % name.replace("-", "_")
    if shutil.which("psql"):
        psql(pg_port, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % database, check=False)
    if not shutil.which("rabbitmqctl"):
        print("rabbitmqctl not found: remove the queues named darkroom.bench-%s.* by hand" % name, file=sys.stderr)
        return
    listed = subprocess.run(["rabbitmqctl", "-q", "list_queues", "name"], capture_output=True, text=True, timeout=60)
    for queue in listed.stdout.split():
        if queue.startswith("darkroom.bench-%s." % name):
            subprocess.run(["rabbitmqctl", "-q", "delete_queue", queue], capture_output=True, timeout=60)


def wait_until_ready(process, port, key_file, base):
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("Darkroom stopped; see " + os.path.join(base, "mvn.out"))
        try:
            connection = http.client.HTTPConnection("localhost", port, timeout=2)
            connection.request("GET", "/actuator/health/readiness")
            if connection.getresponse().status == 200 and os.path.exists(key_file):
                with open(key_file) as f:
                    return f.read().strip()
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError("Darkroom did not become ready within 5 minutes")


def darkroom_pid(port):
    """The JVM serving port, for jcmd (JFR)."""
    out = subprocess.run(["jcmd", "-l"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        # Not Maven's own JVM, whose arguments name the port too.
        if "--server.port=%d" % port in line and "plexus" not in line:
            return line.split()[0]
    return None


def stat_cpu(path):
    """The name and the CPU seconds (user + system) so far of a process or thread, from its /proc stat
    file; None if it has ended."""
    try:
        with open(path) as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return stat[stat.index("(") + 1:stat.rindex(")")], (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu():
    """Busy and idle seconds of all cores so far, and CPU seconds by kind of process, from /proc."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = (fields[3] + fields[4]) / tick
    busy = sum(fields) / tick - idle
    kinds = collections.Counter()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        process = stat_cpu("/proc/%s/stat" % pid)
        kind = process and {"postgres": "PostgreSQL", "beam.smp": "RabbitMQ"}.get(process[0])
        if kind:
            kinds[kind] += process[1]
    return busy, idle, kinds


def cpu_seconds(pid):
    """CPU time (user + system) a process has used so far, from /proc."""
    return stat_cpu("/proc/%s/stat" % pid)[1]


def thread_cpu(pid):
    """CPU seconds a process's live threads have used so far, by pool (the thread's name without its number).

    The kernel's own count, for every thread: JFR's CPU-time sampler loses samples, and it loses
    more of the threads that run in short bursts (event loops, the store's) than of those that
    compute for long (pixel work), so its shares overstate the latter.
    """
    pools = collections.Counter()
    for task in os.listdir("/proc/%s/task" % pid):
        thread = stat_cpu("/proc/%s/task/%s/stat" % (pid, task))
        if thread:  # else it ended meanwhile
            name, seconds = thread
            pools[re.sub(r"[-#_ ]?[0-9]+$", "", name).rstrip("-# ") or name] += seconds
    return pools


# ---------------------------------------------------------------- the run

def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def main():
    cores = os.cpu_count()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000, help="photos to make (default 1000; the issue's 4000)")
    parser.add_argument("--folder", help="use every *.jpg here instead")
    parser.add_argument("--warmup", type=int, default=100, help="photos sent to Darkroom first, not timed")
    parser.add_argument("--url", help="a running Darkroom (else one is started)")
    parser.add_argument("--key", default=os.environ.get("DARKROOM_KEY"), help="its API key (or DARKROOM_KEY)")
    parser.add_argument("--port", type=int, default=18190, help="port for the started Darkroom")
    parser.add_argument("--name", default="bulk", help="names the started Darkroom's database and queues")
    parser.add_argument("--jvm-args", default="", help="extra JVM arguments for the started Darkroom; write --jvm-args=-D... (with =) for a single one, as argparse takes a lone value starting with - for an option")
    parser.add_argument("--store-dir", help="where the started Darkroom's embedded store keeps its files (default: beside "
                        "its log); /dev/shm takes the disk's noise out of a comparison of two runs")
    parser.add_argument("--pg-port", type=int, default=5432,
                        help="the PostgreSQL the started Darkroom uses (say, a second cluster with pg_stat_statements)")
    parser.add_argument("--pg-statements", action="store_true",
                        help="print what PostgreSQL spent per statement (needs pg_stat_statements in that cluster's postgres database)")
    parser.add_argument("--jfr", help="record the timed run with JFR into this file (jcmd)")
    parser.add_argument("--processes", type=int, default=cores, help="Pillow processes (default: cores)")
    parser.add_argument("--skip-pillow", action="store_true")
    parser.add_argument("--skip-darkroom", action="store_true")
    options = parser.parse_args()

    if options.folder:
        files = sorted(os.path.join(options.folder, n) for n in os.listdir(options.folder)
                       if n.lower().endswith((".jpg", ".jpeg")))
        warmup = photos(options.warmup, 90000, cores)
    else:
        files = photos(options.files, 0, cores)
        warmup = photos(options.warmup, 90000, cores)
    megabytes = sum(os.path.getsize(f) for f in files) / 1e6
    print("%d JPEGs, %.1f MB, %d cores" % (len(files), megabytes, cores))

    rows = []
    if not options.skip_pillow:
        seconds, cpu = run_pillow(files, options.processes)
        rows.append(("Pillow %s, %d processes" % (Image.__version__, options.processes), seconds, cpu, None))
        print("Pillow: %.1f s" % seconds, file=sys.stderr)

    process = None
    try:
        if not options.skip_darkroom:
            url, key = options.url, options.key
            if not url:
                process, key = start_darkroom(options.port, options.name, options.jvm_args, options.store_dir, options.pg_port)
                url = "http://localhost:%d" % options.port
            client = Client(url, key)
            if warmup:
                run_darkroom(client, warmup)
            pid = darkroom_pid(urllib.parse.urlsplit(url).port)
            if options.jfr:
                if not pid:
                    raise RuntimeError("--jfr: no JVM found serving that port on this machine")
                # CPU-time sampling (JDK 25) as well: see jfr_cpu.py.
                subprocess.run(["jcmd", pid, "JFR.start", "name=bulk", "settings=profile",
                                "jdk.CPUTimeSample#enabled=true", "jdk.CPUTimeSample#throttle=5ms",
                                "filename=" + os.path.abspath(options.jfr)], check=True, capture_output=True)
            cpu_before = cpu_seconds(pid) if pid else None
            threads_before = thread_cpu(pid) if pid else None
            machine_before = machine_cpu()
            buckets_before = server_buckets(client)
            reads_before = store_reads(client)
            if options.pg_statements:
                psql(options.pg_port, "SELECT pg_stat_statements_reset()")
            seconds, uploaded, latencies, failed, rejected = run_darkroom(client, files)
            buckets_after = server_buckets(client)
            reads_after = store_reads(client)
            cpu = (cpu_seconds(pid) - cpu_before) / len(files) if pid else None
            if pid:
                pools = thread_cpu(pid)
                pools.subtract(threads_before)
                pools["(threads that ended during the run)"] = cpu * len(files) - sum(pools.values())
                print("Darkroom's CPU ms per file by thread, as the kernel counted it: " + ", ".join(
                    "%s %.1f" % (name, spent * 1000 / len(files)) for name, spent in pools.most_common() if spent * 1000 / len(files) >= 0.1))
            machine_after = machine_cpu()
            busy, idle = machine_after[0] - machine_before[0], machine_after[1] - machine_before[1]
            others = machine_after[2] - machine_before[2]
            where = "Darkroom %.2f" % (cpu * len(files) / seconds) if cpu is not None else ""
            where += "".join(", %s %.2f" % (kind, spent / seconds) for kind, spent in sorted(others.items()))
            print("cores busy during the Darkroom run: %.2f of %d (%s), idle %.2f" % (
                busy / seconds, cores, where, idle / seconds))
            if options.jfr:
                subprocess.run(["jcmd", pid, "JFR.stop", "name=bulk"], check=True, capture_output=True)
                print("JFR recording: %s (python3 src/bench/jfr_cpu.py %s)" % (options.jfr, options.jfr), file=sys.stderr)
            if options.pg_statements:
                print_statements(options.pg_port, len(files))
            hits, misses, refused = (reads_after[k] - reads_before[k] for k in ("hit", "miss", "refused"))
            print("stored objects read back during the run: %d from memory, %d from the store (%d written and not kept)"
                  % (hits, misses, refused))
            server_p99 = server_percentile(buckets_before, buckets_after, 99)
            if server_p99 is not None:
                print("GET /api/images/{id} as Darkroom timed it (its histogram): p50 within %.0f ms, p99 within %.0f ms"
                      % (server_percentile(buckets_before, buckets_after, 50) * 1000, server_p99 * 1000))
            rows.append(("Darkroom (%s)" % url, seconds, cpu, (uploaded, latencies, failed, rejected)))
    finally:
        if process:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(60)
            remove_leftovers(options.name, options.pg_port)

    print()
    print("%-34s %9s %8s %8s %14s" % ("", "seconds", "files/s", "MB/s", "CPU ms/file"))
    for label, seconds, cpu, _ in rows:
        print("%-34s %9.1f %8.1f %8.1f %14s" % (label, seconds, len(files) / seconds, megabytes / seconds,
                                               "%.1f" % (cpu * 1000) if cpu is not None else "-"))
    if len(rows) == 2:
        print("Darkroom / Pillow, files/s: %.2f" % (rows[0][1] / rows[1][1]), end="")
        if rows[0][2] and rows[1][2]:
            print("; files per CPU second: %.2f" % (rows[0][2] / rows[1][2]), end="")
        print()
    for label, _, _, extra in rows:
        if extra:
            uploaded, latencies, failed, rejected = extra
            print("Darkroom: uploads done after %.1f s" % uploaded)
            for label, _, _ in PROBES:
                measured = latencies[label]
                print("GET /api/images/{id} during the run, %s: %d requests, p50 %.1f ms, p99 %.1f ms" % (
                    label, len(measured), percentile(measured, 50) * 1000, percentile(measured, 99) * 1000))
            if failed or rejected:
                print("Darkroom: %d failed, %d rejected; first: %s" % (len(failed), len(rejected), (failed + rejected)[:3]))
    print("load average during the run: %.1f (on a busy machine files/s is a share of it; CPU ms/file is not)"
          % os.getloadavg()[1])


if __name__ == "__main__":
    main()
