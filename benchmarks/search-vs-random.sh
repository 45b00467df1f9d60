#!/usr/bin/env bash
# The search against random search at an equal budget of training epochs, over seeds, on
# digits-fastrnn and mnist-lstm; and both against the model's shipped atlas under the same flash
# limit. Prints, per model and strategy, the mean (and per seed) best accuracy that fits and the
# hypervolume of the accuracy-flash front (flash / limit in [0, 1] against accuracy, reference
# (1, 0)). Usage: benchmarks/search-vs-random.sh [OUT_DIR] (default /tmp/tinyfit-search-bench);
# SEEDS="1 2 3" and MODELS="digits-fastrnn mnist-lstm" override what runs.
# mnist-lstm trains on the first 1,000 of its 8,000 training images (about 8x faster per epoch;
# eval on its full 2,000-image test set), so its numbers are not the shipped atlas's 8,000-image ones.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-/tmp/tinyfit-search-bench}"
seeds="${SEEDS:-1 2 3}"
models="${MODELS:-digits-fastrnn mnist-lstm}"
mkdir -p "$out"
(cd "$root" && mvn -q -B -o -DskipTests -pl app -am package)
cp_dir="$(mktemp -d)"; trap 'rm -rf "$cp_dir"' EXIT
cp -r "$root/app/target/tinyfit-app.jar" "$root/app/target/lib" "$cp_dir/"
tf() { java --add-modules jdk.incubator.vector -Xmx3g -Dtinyfit.home="$root" -cp "$cp_dir/tinyfit-app.jar:$cp_dir/lib/*" org.tinyfit.app.Launcher "$@"; }

# the first 2,000 mnist training images as an .npz
python3 - "$root/sample-models/mnist-lstm/train.safetensors" "$out/mnist-train-1000.npz" <<'PY'
import json, struct, sys, numpy as np
raw = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]; h = json.loads(raw[8:8 + n]); data = raw[8 + n:]
dt = {'U8': np.uint8, 'F32': np.float32, 'I32': np.int32, 'I64': np.int64}
def t(name):
    e = h[name]; a, b = e['data_offsets']
    return np.frombuffer(data[a:b], dtype=dt[e['dtype']]).reshape(e['shape'])
x, y = t('x'), t('y')
scale = float(h.get('__metadata__', {}).get('scale', '1'))
xf = x.astype(np.float32) * (scale if x.dtype == np.uint8 else 1.0)
np.savez(sys.argv[2], x=xf[:1000], y=y[:1000].astype(np.int64))
print('mnist subset', xf[:1000].shape, 'scale', scale)
PY

for model in $models; do
  case "$model" in
    digits-fastrnn) args=(--device nucleo-f746zg --max-flash 2KB --epochs 30 --min-epochs 3 --lr 0.02 --budget-epochs 300); flash=2048 ;;
    mnist-lstm) args=(--device nucleo-f746zg --max-flash 16KB --epochs 4 --min-epochs 1 --lr 0.01 --budget-epochs 16 --data "$out/mnist-train-1000.npz"); flash=16384 ;;
  esac
  for seed in $seeds; do
    for strategy in search random; do
      d="$out/$model-$strategy-$seed"
      [ -f "$d.json" ] && { echo "$d.json exists, skipped"; continue; }
      extra=(); [ "$strategy" = random ] && extra=(--random)
      start=$(date +%s)
      tf search "$model" "${args[@]}" --seed "$seed" --out "$d" --resume --json "${extra[@]}" > "$d.json.tmp" 2> "$d.log"
      mv "$d.json.tmp" "$d.json"
      echo "$model $strategy seed $seed: $(( $(date +%s) - start )) s"
    done
  done
done

python3 - "$out" "$root/sample-models" $models <<'PY'
import csv, json, os, sys
out, samples, models = sys.argv[1], sys.argv[2], sys.argv[3:]
def hv(points, limit):
    pts = sorted((f, a) for f, a in points if f <= limit)
    front, best = [], -1
    for f, a in pts:
        if a > best: front.append((f, a)); best = a
    h = 0
    for i, (f, a) in enumerate(front):
        nxt = front[i + 1][0] if i + 1 < len(front) else limit
        h += (nxt - f) / limit * a
    return h
for m in models:
    limit = 2048 if m == 'digits-fastrnn' else 16384
    print(f"\n{m}: flash limit {limit} B")
    for s in ('search', 'random'):
        rows = []
        for f in sorted(os.listdir(out)):
            if f.startswith(f"{m}-{s}-") and f.endswith('.json'):
                j = json.load(open(os.path.join(out, f)))
                best = j['best']['accuracy'] if j['best'] else 0
                rows.append((f.split('-')[-1][:-5], best, j['hypervolume_flash'], len(j['trials']), j['epochs_trained']))
        if not rows: continue
        mb = sum(r[1] for r in rows) / len(rows); mh = sum(r[2] for r in rows) / len(rows)
        per = ', '.join(f"seed {r[0]}: best {r[1]:.4f} hv {r[2]:.4f} ({r[3]} trials, {r[4]} epochs)" for r in rows)
        print(f"  {s:7s} mean best that fits {mb:.4f}, mean hypervolume {mh:.4f}  [{per}]")
    at = list(csv.DictReader(open(os.path.join(samples, m, 'atlas.csv'))))
    pts = [(int(r['flash_bytes']), float(r['accuracy'])) for r in at]
    fit = [a for f, a in pts if f <= limit]
    print(f"  shipped atlas: {len(fit)} of {len(pts)} rows fit; best {max(fit) if fit else 0:.4f}, hypervolume {hv(pts, limit):.4f}")
PY
