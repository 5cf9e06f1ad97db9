#!/usr/bin/python3
"""Darkroom under faults, as real processes on loopback.

Starts a PostgreSQL cluster and a RabbitMQ node of its own (never the machine's), an S3 server
(S3Proxy) as the object store, one API instance and two workers of the built jar; then runs each
scenario and prints one line with its figures:

    submitted / succeeded / failed / lost / duplicate runs / seconds to recover

"back to work" is the time from the fault's end to the first job finished after it; "all done",
to the last of the scenario's jobs.

"lost" is accepted work that never ended; "duplicate runs" counts jobs started more than once (a
worker died or was cut off holding them: harmless, since jobs are pure, but work done twice).
Everything it started is stopped at the end, whatever happens; every wait is bounded.

    /usr/bin/python3 src/faults/faults.py              # every scenario (about 10 minutes)
    /usr/bin/python3 src/faults/faults.py poison sigterm   # some of them

Needs the jar (mvn -B -DskipTests package; built when missing), pg_createcluster and
rabbitmq-server (Debian's postgresql and rabbitmq-server), and python3-pil for the test images.
"""

import io
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import zlib

from PIL import Image, ImageDraw

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "target", "faults")
PG_VERSION = sorted(os.listdir("/etc/postgresql"))[-1]
PG_CLUSTER, PG_PORT = "darkroomfaults", 5499
MQ_NODE, MQ_PORT, MQ_DIST = "darkroomfaults@localhost", 5699, 25699
S3_PORT = 9699
API_PORT, WORKER_PORTS = 18380, (18381, 18382)
JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
DATABASE = "darkroom_faults"


def log(message):
    print(time.strftime("%H:%M:%S"), message, file=sys.stderr, flush=True)


def run(*args, check=True, env=None, quiet=True):
    result = subprocess.run(args, env=env, stdout=subprocess.PIPE if quiet else None,
                            stderr=subprocess.STDOUT if quiet else None, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {result.stdout}")
    return result.stdout or ""


def wait_for(what, condition, timeout, interval=0.5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if condition():
                return True
        except Exception:
            pass
        time.sleep(interval)
    raise TimeoutError(f"{what} did not happen within {timeout} s")


# ---------------------------------------------------------------------------- the dependencies

class Postgres:
    def start(self):
        if PG_CLUSTER not in run("pg_lsclusters", "-h"):
            run("pg_createcluster", PG_VERSION, PG_CLUSTER, "--port", str(PG_PORT), "--",
                "--auth-local=trust", "--auth-host=trust")
        self.up()

    def up(self):
        run("pg_ctlcluster", PG_VERSION, PG_CLUSTER, "start", check=False)
        wait_for("PostgreSQL", lambda: run("pg_isready", "-h", "127.0.0.1", "-p", str(PG_PORT), check=False)
                 .strip().endswith("accepting connections"), 60)

    def down(self):
        run("pg_ctlcluster", PG_VERSION, PG_CLUSTER, "stop", "-m", "fast", check=False)

    def query(self, sql):
        return run("psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", DATABASE, "-AtF", "\t",
                   "-c", sql).strip().splitlines()

    def remove(self):
        run("pg_dropcluster", "--stop", PG_VERSION, PG_CLUSTER, check=False)


class RabbitMQ:
    def __init__(self):
        self.dir = os.path.join(WORK, "rabbitmq")

    def env(self):
        env = dict(os.environ)
        env.update(RABBITMQ_NODENAME=MQ_NODE, RABBITMQ_CONFIG_FILE=os.path.join(self.dir, "rabbitmq"),
                   RABBITMQ_MNESIA_BASE=os.path.join(self.dir, "mnesia"), RABBITMQ_LOG_BASE=os.path.join(self.dir, "log"),
                   RABBITMQ_ENABLED_PLUGINS_FILE=os.path.join(self.dir, "enabled_plugins"),
                   RABBITMQ_DIST_PORT=str(MQ_DIST), RABBITMQ_PID_FILE=os.path.join(self.dir, "pid"))
        return env

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        with open(os.path.join(self.dir, "rabbitmq.conf"), "w") as conf:
            conf.write(f"listeners.tcp.local = 127.0.0.1:{MQ_PORT}\n")
        with open(os.path.join(self.dir, "enabled_plugins"), "w") as plugins:
            plugins.write("[].\n")
        run("chown", "-R", "rabbitmq", self.dir, check=False)
        self.up()

    def up(self):
        run("rabbitmq-server", "-detached", env=self.env(), check=False)
        # The node registers with epmd only after a few seconds of booting; await_startup fails at
        # once before that, so first wait for it to answer at all.
        wait_for("the RabbitMQ node", self.answers, 120, 1)
        run("rabbitmqctl", "-n", MQ_NODE, "await_startup", "--timeout", "120", env=self.env())

    def down(self):
        run("rabbitmqctl", "-n", MQ_NODE, "stop", env=self.env(), check=False)
        wait_for("the RabbitMQ node to stop", lambda: not self.answers(), 60, 1)

    def answers(self):
        return "Ping succeeded" in run("rabbitmqctl", "-n", MQ_NODE, "-t", "5", "ping", env=self.env(), check=False)

    def remove(self):
        self.down()


class ObjectStore:
    """S3Proxy over a directory, as its own process, so that it can be killed and frozen."""

    def __init__(self, classpath):
        self.classpath = classpath
        self.dir = os.path.join(WORK, "s3")
        self.process = None

    def start(self):
        os.makedirs(os.path.join(self.dir, "data"), exist_ok=True)
        conf = os.path.join(self.dir, "s3proxy.conf")
        with open(conf, "w") as out:
            out.write(f"s3proxy.endpoint=http://127.0.0.1:{S3_PORT}\ns3proxy.authorization=aws-v2-or-v4\n"
                      "s3proxy.identity=darkroom\ns3proxy.credential=darkroom-secret\n"
                      "jclouds.provider=filesystem-nio2\njclouds.identity=darkroom\njclouds.credential=darkroom-secret\n"
                      f"jclouds.filesystem.basedir={self.dir}/data\n")
        self.process = subprocess.Popen([JAVA, "-Xmx256m", "-cp", self.classpath, "org.gaul.s3proxy.Main",
                                         "--properties", conf], stdout=open(os.path.join(self.dir, "log"), "a"),
                                        stderr=subprocess.STDOUT)
        wait_for("the object store", lambda: http("GET", f"http://127.0.0.1:{S3_PORT}/")[0] in (200, 403), 60)

    def kill(self):
        if self.process:
            self.process.kill()
            self.process.wait()

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def remove(self):
        if self.process and self.process.poll() is None:
            self.thaw()
            self.kill()


# ---------------------------------------------------------------------------- Darkroom itself

class Instance:
    def __init__(self, name, port, role, jar, extra_env=None, heap="1g"):
        self.name, self.port, self.role, self.jar = name, port, role, jar
        self.extra_env = extra_env or {}
        self.heap = heap
        self.process = None
        self.log = os.path.join(WORK, "logs", name + ".log")
        self.crashes = 0

    def start(self):
        os.makedirs(os.path.dirname(self.log), exist_ok=True)
        env = dict(os.environ)
        env.update({
            "DARKROOM_ROLE": self.role,
            "SPRING_R2DBC_URL": f"r2dbc:postgresql://127.0.0.1:{PG_PORT}/{DATABASE}",
            "SPRING_FLYWAY_URL": f"jdbc:postgresql://127.0.0.1:{PG_PORT}/{DATABASE}",
            "DARKROOM_RABBITMQ_URI": f"amqp://guest:guest@127.0.0.1:{MQ_PORT}/%2F",
            "DARKROOM_RABBITMQ_HEARTBEAT": "5s",
            "DARKROOM_STORAGE_ENDPOINT": f"http://127.0.0.1:{S3_PORT}",
            "DARKROOM_SWEEPER_INTERVAL": "5s",
            "DARKROOM_SWEEPER_LEASE": "15s",
            "DARKROOM_SECURITY_ANONYMOUS": "true",
        })
        env.update(self.extra_env)
        self.process = subprocess.Popen(
            [JAVA, f"-Xmx{self.heap}", "-XX:+ExitOnOutOfMemoryError", "-jar", self.jar, f"--server.port={self.port}",
             f"--logging.file.name={self.log}"],
            env=env, stdout=subprocess.DEVNULL, stderr=open(self.log + ".err", "a"))

    def ready(self):
        return http("GET", f"http://127.0.0.1:{self.port}/actuator/health/readiness")[0] == 200

    def await_ready(self, timeout=300):
        wait_for(self.name + " ready", self.ready, timeout, 0.5)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        if self.alive():
            self.process.kill()
            self.process.wait()

    def terminate(self):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)

    def restart_if_dead(self):
        """What a supervisor (compose's restart policy, Kubernetes) does: start a worker that exited."""
        if self.process is not None and not self.alive():
            self.crashes += 1
            self.start()
            return True
        return False


class Stack:
    def __init__(self):
        self.jar = self.build()
        classpath = self.classpath()
        self.postgres, self.rabbitmq, self.store = Postgres(), RabbitMQ(), ObjectStore(classpath)
        self.api = Instance("api", API_PORT, "api", self.jar)
        self.workers = [Instance(f"worker-{i + 1}", port, "worker", self.jar) for i, port in enumerate(WORKER_PORTS)]

    @staticmethod
    def build():
        target = os.path.join(ROOT, "target")
        jars = [f for f in os.listdir(target)] if os.path.isdir(target) else []
        jars = [f for f in jars if f.startswith("darkroom-") and f.endswith(".jar")]
        if not jars:
            log("building the jar (mvn -B -DskipTests package)")
            run("mvn", "-q", "-B", "-f", os.path.join(ROOT, "pom.xml"), "-DskipTests", "package")
            jars = [f for f in os.listdir(target) if f.startswith("darkroom-") and f.endswith(".jar")]
        return os.path.join(target, sorted(jars)[0])

    @staticmethod
    def classpath():
        out = os.path.join(WORK, "classpath.txt")
        if not os.path.exists(out):
            os.makedirs(WORK, exist_ok=True)
            run("mvn", "-q", "-B", "-f", os.path.join(ROOT, "pom.xml"), "dependency:build-classpath",
                "-Dmdep.includeScope=test", f"-Dmdep.outputFile={out}")
        with open(out) as f:
            return f.read().strip()

    def start(self):
        log("starting PostgreSQL, RabbitMQ and the object store of the fault run")
        self.postgres.start()
        run("psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-c",
            f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        self.rabbitmq.start()
        self.store.start()
        log("starting the API and two workers")
        for instance in [self.api] + self.workers:
            instance.start()
        for instance in [self.api] + self.workers:
            instance.await_ready()

    def instances(self):
        return [self.api] + self.workers

    def stop(self):
        for instance in self.instances():
            instance.kill()
        self.store.remove()
        self.rabbitmq.remove()
        self.postgres.remove()


# ---------------------------------------------------------------------------- HTTP

def http(method, url, body=None, content_type=None, timeout=30):
    request = urllib.request.Request(url, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except Exception as e:
        return 0, str(e).encode()


def api(path):
    return f"http://127.0.0.1:{API_PORT}{path}"


def upload(name, data):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    status, answer = http("POST", api("/api/images"), body, f"multipart/form-data; boundary={boundary}")
    if status != 201:
        raise RuntimeError(f"upload answered {status}: {answer[:200]}")
    return json.loads(answer)["images"][0]["id"]


def submit(image_ids, operation, params=None):
    """The job ids, or the HTTP status if the request was refused."""
    body = json.dumps({"imageIds": image_ids, "operation": operation, "params": params or {}}).encode()
    status, answer = http("POST", api("/api/jobs"), body, "application/json")
    if status != 202:
        return status
    return [job["id"] for job in json.loads(answer)["jobs"]]


def photo(width, height, seed):
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for i in range(60):
        x, y = (seed * 97 + i * 131) % width, (seed * 61 + i * 71) % height
        draw.ellipse((x, y, x + width // 5, y + height // 5), fill=((i * 40 + seed) % 256, (i * 90) % 256, (i * 20 + 100) % 256))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def huge_flat_png(width, height):
    """A PNG of a few hundred KB that decodes to width×height RGBA: 480 MB at 10950×10950."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    row = b"\x00" + bytes([200, 40, 40, 255]) * width
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------- accounting

class Scenario:
    def __init__(self, stack, name):
        self.stack, self.name = stack, name
        self.jobs = []
        self.refused = 0
        self.fault_ended = None

    def submit_all(self, image_ids, operation, params=None, per_request=20):
        for i in range(0, len(image_ids), per_request):
            answer = submit(image_ids[i:i + per_request], operation, params)
            if isinstance(answer, int):
                self.refused += 1
            else:
                self.jobs.extend(answer)

    def states(self):
        if not self.jobs:
            return {}
        ids = ",".join(f"'{job}'" for job in self.jobs)
        rows = self.stack.postgres.query(f"SELECT id, status, attempts FROM jobs WHERE id IN ({ids})")
        return {row.split("\t")[0]: (row.split("\t")[1], int(row.split("\t")[2])) for row in rows}

    def await_end(self, timeout, supervise=True):
        """Waits until every accepted job has ended, restarting workers that died on the way."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if supervise:
                for worker in self.stack.workers:
                    worker.restart_if_dead()
            try:
                states = self.states()
                if len(states) == len(self.jobs) and all(s in ("succeeded", "failed", "cancelled") for s, _ in states.values()):
                    return time.time()
            except Exception:
                pass
            time.sleep(0.5)
        return None

    def back_to_work(self):
        """Seconds from the fault's end to the first job that finished after it."""
        if not self.fault_ended or not self.jobs:
            return None
        ids = ",".join(f"'{job}'" for job in self.jobs)
        first = self.stack.postgres.query(
            f"SELECT extract(epoch FROM min(finished_at)) FROM jobs WHERE id IN ({ids}) "
            f"AND status = 'succeeded' AND finished_at > to_timestamp({self.fault_ended})")
        return float(first[0]) - self.fault_ended if first and first[0] else None

    def report(self, ended, extra=""):
        states = self.states()
        succeeded = sum(1 for s, _ in states.values() if s == "succeeded")
        failed = sum(1 for s, _ in states.values() if s in ("failed", "cancelled"))
        lost = len(self.jobs) - succeeded - failed
        duplicates = sum(1 for _, attempts in states.values() if attempts > 1)
        back = self.back_to_work()
        back = f"{back:.1f}" if back is not None else "-"
        done = f"{ended - self.fault_ended:.1f}" if ended and self.fault_ended else "never"
        line = (f"{self.name:<46} submitted {len(self.jobs):>4}  succeeded {succeeded:>4}  failed {failed:>3}  "
                f"lost {lost:>3}  duplicate runs {duplicates:>3}  back to work in {back:>5} s  all done in {done:>6} s")
        if self.refused:
            line += f"  ({self.refused} requests refused with 503 while it was down)"
        if extra:
            line += "  " + extra
        print(line, flush=True)
        return lost == 0


def upload_photos(count, width, height):
    return [upload(f"photo-{i}.jpg", photo(width, height, i)) for i in range(count)]


def await_stack_ready(stack, timeout=300):
    for instance in stack.instances():
        if instance.alive():
            instance.await_ready(timeout)


# ---------------------------------------------------------------------------- the scenarios

def kill_worker(stack):
    s = Scenario(stack, "kill -9 a worker in a batch of 200")
    images = upload_photos(20, 1600, 1200)
    for _ in range(10):
        s.submit_all(images, "filter", {"name": "GaussianBlur", "radius": 6})
    wait_for("some jobs done", lambda: sum(1 for st, _ in s.states().values() if st == "succeeded") >= 20, 120)
    victim = stack.workers[0]
    victim.kill()
    s.fault_ended = time.time()
    time.sleep(3)
    victim.start()
    return s.report(s.await_end(300))


def restart_broker(stack):
    s = Scenario(stack, "restart the broker during 500 submissions")
    images = upload_photos(25, 400, 300)
    lock = threading.Lock()
    done = threading.Event()

    def submit_some(offset):
        for i in range(offset, 500, 4):
            answer = submit([images[i % len(images)]], "grayscale")
            with lock:
                if isinstance(answer, int):
                    s.refused += 1
                else:
                    s.jobs.extend(answer)

    threads = [threading.Thread(target=submit_some, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    wait_for("100 submissions", lambda: len(s.jobs) >= 100, 120, 0.05)
    stack.rabbitmq.down()
    time.sleep(2)
    stack.rabbitmq.up()
    s.fault_ended = time.time()
    for t in threads:
        t.join(300)
    done.set()
    return s.report(s.await_end(300))


def stop_database(stack):
    s = Scenario(stack, "stop PostgreSQL for 30 s")
    images = upload_photos(20, 1200, 900)
    for _ in range(5):
        s.submit_all(images, "filter", {"name": "BoxBlur", "radius": 4})
    time.sleep(2)
    stack.postgres.down()
    outage_end = time.time() + 30
    while time.time() < outage_end:
        if isinstance(submit(images[:1], "grayscale"), int):
            s.refused += 1
        time.sleep(1)
    stack.postgres.up()
    s.fault_ended = time.time()
    return s.report(s.await_end(300))


def kill_and_freeze_store(stack):
    s = Scenario(stack, "kill, then freeze the object store (10 s each)")
    images = upload_photos(20, 1200, 900)
    for _ in range(5):
        s.submit_all(images, "filter", {"name": "GaussianBlur", "radius": 3})
    time.sleep(1)
    stack.store.kill()
    time.sleep(10)
    stack.store.start()
    time.sleep(3)
    stack.store.freeze()
    time.sleep(10)
    stack.store.thaw()
    s.fault_ended = time.time()
    return s.report(s.await_end(300))


def poison_image(stack):
    s = Scenario(stack, "the poison image (10950x10950 PNG), budget on")
    poison = upload("poison.png", huge_flat_png(10950, 10950))
    small = upload_photos(10, 400, 300)
    s.submit_all([poison], "grayscale")
    s.submit_all(small, "grayscale")
    s.fault_ended = time.time()
    ended = s.await_end(180)
    error = stack.postgres.query(f"SELECT error FROM jobs WHERE id = '{s.jobs[0]}'")
    return s.report(ended, f"poison: {error[0] if error else '?'}")


def poison_crash_loop(stack):
    """No memory budget and a small heap: the decode runs the worker out of memory and it exits."""
    s = Scenario(stack, "the poison image, budget off: workers crash")
    for worker in stack.workers:
        worker.kill()
        worker.extra_env = {"DARKROOM_CONVERSION_MEMORY_BUDGET": "8GB"}
        worker.heap = "700m"
        worker.crashes = 0
        worker.start()
    for worker in stack.workers:
        worker.await_ready()
    poison = upload("poison.png", huge_flat_png(10950, 10950))
    small = upload_photos(10, 400, 300)
    s.submit_all([poison], "grayscale")
    s.submit_all(small, "grayscale")
    s.fault_ended = time.time()
    ended = s.await_end(420)
    crashes = sum(worker.crashes for worker in stack.workers)
    error = stack.postgres.query(f"SELECT error FROM jobs WHERE id = '{s.jobs[0]}'")
    ok = s.report(ended, f"{crashes} worker crashes; poison: {error[0] if error else '?'}")
    for worker in stack.workers:
        worker.kill()
        worker.extra_env, worker.heap = {}, "1g"
        worker.start()
    for worker in stack.workers:
        worker.await_ready()
    return ok


def sigterm_mid_job(stack):
    s = Scenario(stack, "SIGTERM a worker mid-job")
    images = upload_photos(10, 2400, 1800)
    s.submit_all(images, "filter", {"name": "MedianFilter", "size": 7})
    wait_for("jobs running", lambda: any(st == "running" for st, _ in s.states().values()), 60, 0.1)
    victim = stack.workers[0]
    with open(victim.log) as f:
        f.seek(0, 2)
        before = f.tell()
    victim.terminate()
    started = time.time()
    victim.process.wait(90)
    stopped_in = time.time() - started
    s.fault_ended = time.time()
    victim.start()
    ended = s.await_end(300)
    with open(victim.log) as f:
        f.seek(before)
        tail = f.read()
    unacknowledged = tail.count("Could not acknowledge")
    return s.report(ended, f"stopped in {stopped_in:.1f} s, {unacknowledged} 'Could not acknowledge'")


def bulk_uploads(stack):
    """The bulk uploader's traffic (10 photos a request, 3 requests in flight) while the broker
    restarts and then PostgreSQL stops for 10 s: every photo an upload accepted (201) must end
    completed. A request refused while PostgreSQL is down (503) is sent again, as the web app's
    retry does."""
    s = PhotoScenario(stack, "bulk uploads through a broker restart and a database stop")
    files = [(f"bulk-{i}.jpg", photo(640 + i % 7 * 40, 480, i)) for i in range(600)]
    lock = threading.Lock()

    def send(start):
        for first in range(start, len(files), 30):
            chunk = files[first:first + 10]
            boundary = uuid.uuid4().hex
            body = b"".join((f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                             f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
                            for name, data in chunk) + f"--{boundary}--\r\n".encode()
            for _ in range(60):
                status, answer = http("POST", api("/api/images"), body, f"multipart/form-data; boundary={boundary}")
                if status == 201:
                    with lock:
                        s.jobs.extend(image["id"] for image in json.loads(answer)["images"])
                    break
                with lock:
                    s.refused += 1
                time.sleep(1)

    threads = [threading.Thread(target=send, args=(k * 10,)) for k in range(3)]
    for t in threads:
        t.start()
    wait_for("100 photos accepted", lambda: len(s.jobs) >= 100, 120, 0.05)
    stack.rabbitmq.down()
    time.sleep(2)
    stack.rabbitmq.up()
    wait_for("300 photos accepted", lambda: len(s.jobs) >= 300, 300, 0.05)
    stack.postgres.down()
    time.sleep(10)
    stack.postgres.up()
    s.fault_ended = time.time()
    for t in threads:
        t.join(600)
    return s.report(s.await_end(600), extra=f"({len(files) - len(set(s.jobs))} of {len(files)} files never accepted)")


class PhotoScenario(Scenario):
    """The same accounting over photos: jobs holds the accepted photos' ids."""

    def states(self):
        if not self.jobs:
            return {}
        ids = ",".join(f"'{photo_id}'" for photo_id in set(self.jobs))
        rows = self.stack.postgres.query(f"SELECT uuid, status, attempts FROM photos WHERE uuid IN ({ids})")
        states = {row.split("\t")[0]: (row.split("\t")[1].replace("completed", "succeeded"), int(row.split("\t")[2]))
                  for row in rows}
        return {photo_id: states.get(photo_id, ("lost", 0)) for photo_id in self.jobs}

    def back_to_work(self):
        if not self.fault_ended or not self.jobs:
            return None
        ids = ",".join(f"'{photo_id}'" for photo_id in set(self.jobs))
        first = self.stack.postgres.query(
            f"SELECT extract(epoch FROM min(finished_at)) FROM photos WHERE uuid IN ({ids}) "
            f"AND status = 'completed' AND finished_at > to_timestamp({self.fault_ended})")
        return float(first[0]) - self.fault_ended if first and first[0] else None


SCENARIOS = {
    "kill": kill_worker,
    "broker": restart_broker,
    "database": stop_database,
    "store": kill_and_freeze_store,
    "poison": poison_image,
    "crashloop": poison_crash_loop,
    "sigterm": sigterm_mid_job,
    "uploads": bulk_uploads,
}


def main():
    chosen = sys.argv[1:] or list(SCENARIOS)
    unknown = [name for name in chosen if name not in SCENARIOS]
    if unknown:
        sys.exit(f"unknown scenarios {unknown}; choose from {list(SCENARIOS)}")
    if os.geteuid() != 0:
        sys.exit("run as root: it starts and stops a PostgreSQL cluster and a RabbitMQ node of its own")
    shutil.rmtree(WORK, ignore_errors=True)
    stack = Stack()
    failures = 0
    try:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        stack.start()
        for name in chosen:
            log(f"scenario {name}")
            try:
                await_stack_ready(stack)
                if not SCENARIOS[name](stack):
                    failures += 1
            except Exception as e:
                failures += 1
                print(f"{name:<46} could not finish: {e}", flush=True)
    finally:
        log("stopping everything the fault run started")
        stack.stop()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
