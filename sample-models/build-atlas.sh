#!/usr/bin/env bash
# Trains the atlas of a sample model: compressed variants at matched parameter counts
# (KP at several factor shapes, hybrid KP, doped KP, low rank, gradual pruning, a small
# baseline, int8/int4 of the best KP), written beside the model as NAME.ID.tinyfit and
# as rows of NAME/atlas.csv. Resumable: variants already in the atlas are skipped.
# Usage: sample-models/build-atlas.sh mnist-lstm|digits-fastrnn|fashion-gru|kws-lstm [--only ID,ID [--rebuild true]]
# (--rebuild true makes the --only variants again even when the atlas has them, e.g. the -int8/-int4 rows,
# which quantize a trained variant without training and take seconds)
# mnist-lstm takes about 5-10 minutes per variant on 2 cores; kws-lstm 13-17 minutes per KP,
# pruned or low-rank variant on a busy 2-core machine, about a minute per small LSTM.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
name="${1:?usage: build-atlas.sh MODEL [--only IDS]}"; shift
(cd "$root" && mvn -q -B -DskipTests -pl app -am package)
# run from a copy of the jars, so that rebuilding the project during a long run cannot disturb it
cp_dir="$(mktemp -d)"; trap 'rm -rf "$cp_dir"' EXIT
cp -r "$root/app/target/tinyfit-app.jar" "$root/app/target/lib" "$cp_dir/"
run() { java --add-modules jdk.incubator.vector -Xmx6g -Dtinyfit.home="$root" -cp "$cp_dir/tinyfit-app.jar:$cp_dir/lib/*" org.tinyfit.app.samples.BuildAtlas \
          --model "$root/sample-models/$name/$name.tinyfit" "$@"; }
case "$name" in
  mnist-lstm)
    # whole model 81,674 params; lstm.kernel 512x156; fc + biases 1,802 stay dense float32
    run --epochs 10 --lr 0.01 --seed 1 "$@" --variants "\
kp-8x4-64x39=lstm.kernel=kp:8x4,64x39;;\
prune-19x=lstm.kernel=prune:0.96835;;\
lmf-4=lstm.kernel=lmf:4;;\
small-20=small:20;;\
kp-16x12-32x13=lstm.kernel=kp:16x12,32x13;;\
prune-34x=lstm.kernel=prune:0.99239;;\
lmf-1=lstm.kernel=lmf:1;;\
small-13=small:13;;\
hkp-2-10x4-51x39=lstm.kernel=hkp:2:10x4,51x39;;\
dkp-16x12-32x13-0.024=lstm.kernel=dkp:16x12,32x13:0.024;;\
kp-8x6-64x26=lstm.kernel=kp:8x6,64x26;;\
kp-16x4-32x39=lstm.kernel=kp:16x4,32x39;;\
kp-16x6-32x26=lstm.kernel=kp:16x6,32x26;;\
kp-4x4-128x39=lstm.kernel=kp:4x4,128x39;;\
kp-8x4-64x39-int8=quant:kp-8x4-64x39:lstm.kernel=kp:8x4,64x39/int8;fc.kernel=dense/int8;activations=int8;;\
kp-8x4-64x39-int4=quant:kp-8x4-64x39:lstm.kernel=kp:8x4,64x39/int4" ;;
  digits-fastrnn)
    # whole model 1,644 params; rnn.kernel 32x40; fc + biases 364
    run --epochs 30 --lr 0.02 --seed 1 "$@" --variants "\
kp-4x5-8x8=rnn.kernel=kp:4x5,8x8;;\
kp-8x5-4x8=rnn.kernel=kp:8x5,4x8;;\
kp-4x4-8x10=rnn.kernel=kp:4x4,8x10;;\
kp-2x5-16x8=rnn.kernel=kp:2x5,16x8;;\
kp-8x8-4x5=rnn.kernel=kp:8x8,4x5;;\
prune-15x=rnn.kernel=prune:0.934;;\
lmf-1=rnn.kernel=lmf:1;;\
small-13=small:13;;\
hkp-2-6x5-5x8=rnn.kernel=hkp:2:6x5,5x8;;\
dkp-4x5-8x8-0.03=rnn.kernel=dkp:4x5,8x8:0.03;;\
kp-4x5-8x8-int8=quant:kp-4x5-8x8:rnn.kernel=kp:4x5,8x8/int8;fc.kernel=dense/int8;activations=int8;;\
kp-4x5-8x8-int4=quant:kp-4x5-8x8:rnn.kernel=kp:4x5,8x8/int4" ;;
  fashion-gru)
    # whole model 61,706 params; gru.kernel 384x156; fc + biases 1,802 stay dense float32
    run --epochs 8 --lr 0.01 --seed 1 "$@" --variants "\
kp-8x4-48x39=gru.kernel=kp:8x4,48x39;;\
prune-17x=gru.kernel=prune:0.96822;;\
lmf-4=gru.kernel=lmf:4;;\
small-22=small:22;;\
kp-16x12-24x13=gru.kernel=kp:16x12,24x13;;\
hkp-4-20x4-19x39=gru.kernel=hkp:4:20x4,19x39;;\
dkp-16x12-24x13-0.0234=gru.kernel=dkp:16x12,24x13:0.0234;;\
kp-12x4-32x39=gru.kernel=kp:12x4,32x39;;\
kp-16x6-24x26=gru.kernel=kp:16x6,24x26;;\
kp-4x4-96x39=gru.kernel=kp:4x4,96x39;;\
kp-8x4-48x39-int8=quant:kp-8x4-48x39:gru.kernel=kp:8x4,48x39/int8;fc.kernel=dense/int8;activations=int8;;\
kp-8x4-48x39-int4=quant:kp-8x4-48x39:gru.kernel=kp:8x4,48x39/int4" ;;
  kws-lstm)
    # whole model 62,316 params; lstm.kernel 472x128; fc + biases 1,900 stay dense float32.
    # The Kronecker papers' KWS budgets: KP 25x, pruning 24x, low rank 21x, small LSTM 16x.
    run --epochs 6 --batch 32 --lr 0.01 --seed 1 "$@" --variants "\
kp-8x16-59x8=lstm.kernel=kp:8x16,59x8;;\
hkp-2-10x16-47x8=lstm.kernel=hkp:2:10x16,47x8;;\
dkp-8x32-59x4-0.0017=lstm.kernel=dkp:8x32,59x4:0.0017;;\
prune-24x=lstm.kernel=prune:0.98846;;\
lmf-2=lstm.kernel=lmf:2;;\
small-25=small:25;;\
small-19=small:19;;\
kp-8x16-59x8-int8=quant:kp-8x16-59x8:lstm.kernel=kp:8x16,59x8/int8;fc.kernel=dense/int8;activations=int8;;\
kp-8x16-59x8-int4=quant:kp-8x16-59x8:lstm.kernel=kp:8x16,59x8/int4;;\
lmf-1=lstm.kernel=lmf:1;;\
kp-8x32-59x4=lstm.kernel=kp:8x32,59x4;;\
dkp-8x16-59x8-0.002=lstm.kernel=dkp:8x16,59x8:0.002"
    # a second, longer budget (18 epochs) for three techniques: does the ranking at 6 epochs hold?
    run --epochs 18 --batch 32 --lr 0.01 --seed 1 "$@" --variants "\
kp-8x16-59x8-e18=lstm.kernel=kp:8x16,59x8;;\
small-19-e18=small:19;;\
prune-24x-e18=lstm.kernel=prune:0.98846" ;;
  *) echo "no atlas recipe for $name" >&2; exit 2 ;;
esac
