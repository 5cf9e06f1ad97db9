#!/usr/bin/env bash
# Times Darkroom, Pillow and sharp on the same photos in one run and prints a table with ratios.
#
#     bash src/bench/compare.sh            # all cases
#     bash src/bench/compare.sh thumbnail-14mp decode-14mp
#     ROUNDS=5 bash src/bench/compare.sh thumbnail-5k-progressive   # 5 rounds, the median of each
#     DARKROOM_JAVA_OPTS=-Ddarkroom.image.jpeg-codec=java bash src/bench/compare.sh   # the fallback
#
# ROUNDS (default 1) runs the three tools one after another that many times, so a noisy, shared
# machine slows all three alike; the table shows, per tool and case, the median of the rounds.
# CLOCK=cpu times each run by the process's CPU time (all threads) instead of the wall clock: on
# a machine other work keeps busy, wall times swing several-fold and CPU times hold still.
# Needs JDK 25 (JAVA_HOME, defaulting to the Temurin 25 path of our machines), Maven, the system
# /usr/bin/python3 with Debian's python3-pil, and node with npm. sharp is installed into
# target/bench-node on first use (it carries its own libvips); if that fails its column says so.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=target/bench
mkdir -p "$out"

echo "== building test classes and the classpath" >&2
mvn -q -B -Dskip.web test-compile dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test >&2
echo "== writing the benchmark photos" >&2
/usr/bin/python3 src/bench/make_photos.py "$out" >&2

if [ ! -d target/bench-node/node_modules/sharp ]; then
  echo "== installing sharp into target/bench-node" >&2
  npm install --prefix target/bench-node --no-audit --no-fund sharp >&2 || echo "sharp could not be installed" >&2
fi

rounds="${ROUNDS:-1}"
rm -f "$out"/darkroom-*.tsv "$out"/pillow-*.tsv "$out"/sharp-*.tsv
for round in $(seq 1 "$rounds"); do
  echo "== round $round of $rounds: Darkroom" >&2
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" -Xmx4g --enable-native-access=ALL-UNNAMED ${DARKROOM_JAVA_OPTS:-} \
    -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" \
    dev.darkroom.bench.SideBySide "$out" "$@" | tee "$out/darkroom-$round.tsv" >&2
  echo "== round $round of $rounds: Pillow" >&2
  /usr/bin/python3 src/bench/pillow_bench.py "$out" "$@" | tee "$out/pillow-$round.tsv" >&2
  echo "== round $round of $rounds: sharp" >&2
  if [ -d target/bench-node/node_modules/sharp ]; then
    node src/bench/sharp_bench.mjs "$out" "$@" | tee "$out/sharp-$round.tsv" >&2
  else
    : > "$out/sharp-$round.tsv"
  fi
done

/usr/bin/python3 - "$out" <<'PY'
import glob, os, platform, statistics, sys
out = sys.argv[1]
def load(name):
    runs = {}
    for path in sorted(glob.glob(os.path.join(out, name + "-*.tsv"))):
        for line in open(path).read().splitlines():
            if "\t" in line:
                k, v = line.split("\t")
                runs.setdefault(k, []).append(float(v))
    return {k: statistics.median(v) for k, v in runs.items()}
d, p, s = load("darkroom"), load("pillow"), load("sharp")
def ms(t, k): return "%.1f" % t[k] if k in t else "-"
def ratio(k, t): return "%.2fx" % (d[k] / t[k]) if k in d and k in t else "-"
print()
rounds = len(glob.glob(os.path.join(out, "darkroom-*.tsv")))
print("median %s ms on %s, %d cores, %d round(s); ratio = Darkroom / other (below 1: Darkroom faster)"
      % ("CPU" if os.environ.get("CLOCK") == "cpu" else "wall", platform.machine(), os.cpu_count(), rounds))
print("| case | Darkroom | Pillow 9.4 | sharp | Darkroom/Pillow | Darkroom/sharp |")
print("|---|---:|---:|---:|---:|---:|")
for k in d:
    print("| %s | %s | %s | %s | %s | %s |" % (k, ms(d, k), ms(p, k), ms(s, k), ratio(k, p), ratio(k, s)))
PY
