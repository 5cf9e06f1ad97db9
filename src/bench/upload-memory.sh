#!/usr/bin/env bash
# Streams one 200 MB upload through a Darkroom whose heap is capped far below the file, and prints
# the live heap (after a full GC, via jcmd) before and during it: what the upload keeps in memory.
# Buffering the file whole could not even succeed. The embedded S3 server runs in the same JVM
# and holds each part it receives, so this counts both sides of the storage connection.
#
#   src/bench/upload-memory.sh            (after: mvn -DskipTests compile)
#
# It runs from the development classpath, as `mvn spring-boot:run` does: the production jar has no
# embedded S3 server.
#
# Talks only to 127.0.0.1. Uses its own database and queue names, and removes nothing else.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
PORT=${PORT:-18190}
SIZE_MB=${SIZE_MB:-200}
HEAP=${HEAP:-256m}
OUT=target/bench-upload
mkdir -p "$OUT"

# A JPEG start marker and then filler: it passes the magic-byte check and streams in full; its
# header is unreadable, so it is refused with 422 only after the whole file has been stored.
python3 - "$OUT/big.jpg" "$SIZE_MB" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as f:
    f.write(b"\xff\xd8\xff\xe0")
    block = bytes(range(256)) * 4096
    for _ in range(mb):
        f.write(block)
PY

mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
"$JAVA" -Xmx$HEAP -cp "target/classes:$(cat "$OUT/classpath.txt")" dev.darkroom.DarkroomApplication --server.port=$PORT \
  --spring.r2dbc.url=r2dbc:postgresql://localhost:5432/darkroom_bench_test \
  --spring.flyway.url=jdbc:postgresql://localhost:5432/darkroom_bench_test \
  --darkroom.upload.max-file-size=$((SIZE_MB + 10))MB \
  --darkroom.jobs.queue=darkroom.bench.jobs --darkroom.photos.queue=darkroom.bench.photos \
  --darkroom.batches.queue=darkroom.bench.batches --darkroom.progress.exchange=darkroom.bench.progress \
  --darkroom.gallery.exchange=darkroom.bench.gallery \
  --darkroom.storage.embedded.data-dir=$OUT/s3 > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null && break; sleep 1; done

JCMD=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd
# Live bytes: the class histogram runs a full GC first, so garbage is not counted.
heap() {
  "$JCMD" "$SERVER" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3; found=1} END {if (!found) print 0}'
}
sleep 2
BASE=$(heap)
PEAK=$BASE
curl -s -o "$OUT/response.json" -w '%{http_code} %{time_total}s\n' -F "file=@$OUT/big.jpg" "localhost:$PORT/api/images" > "$OUT/curl.txt" &
UPLOAD=$!
while kill -0 $UPLOAD 2>/dev/null; do
  NOW=$(heap); [ "$NOW" -gt "$PEAK" ] && PEAK=$NOW
  sleep 0.5
done
read -r CODE TIME < "$OUT/curl.txt"
echo "upload of ${SIZE_MB} MB: HTTP $CODE in $TIME with -Xmx$HEAP"
echo "live heap before: $((BASE / 1048576)) MB, largest during the upload: $((PEAK / 1048576)) MB, growth: $(((PEAK - BASE) / 1048576)) MB"
head -c 300 "$OUT/response.json"; echo
