#!/bin/bash
# Crash-consistency check of issue 13: a 6-epoch NAS-Bench-201 run is killed with SIGKILL at random
# moments (one to three kills per trial), resumed with `train --out RUN --resume` until it finishes,
# and compared byte for byte with an uninterrupted run: the log without its wall times, the
# generated cells, and both checkpoints. Usage:
#   scripts/kill_resume_trials.sh [TRIALS=25] [WORK=/tmp/kill-trials]
# Prints one line per trial and a summary; exits non-zero if any trial differs.
set -u
trials=${1:-25}
work=${2:-/tmp/kill-trials}
G=${G:-.build/release/gnn2gnn}
NB201=${NB201:-../shared/data/nasbench201/nats_tss_test_accuracy_200ep.csv}
args=(train --space nb201 --data "$NB201" --dataset cifar10 --epochs 6 --seed 3 --quiet)
rm -rf "$work"; mkdir -p "$work"

# The log's lines with the wall-time fields removed, then the digests of the byte-exact files.
fingerprint() {
  python3 - "$1" <<'EOF'
import hashlib, json, sys
run = sys.argv[1]
for line in open(f"{run}/log.jsonl"):
    entry = json.loads(line)
    entry.pop("seconds", None); entry.pop("valuerPretrainSeconds", None)
    print(json.dumps(entry, sort_keys=True))
for name in ["generated.jsonl", "checkpoints/last.safetensors", "checkpoints/best.safetensors"]:
    try: print(name, hashlib.sha256(open(f"{run}/{name}", "rb").read()).hexdigest())
    except FileNotFoundError: print(name, "missing")
EOF
}

start=$(date +%s.%N)
"$G" "${args[@]}" --out "$work/reference" > /dev/null 2>&1 || { echo "reference run failed"; exit 1; }
total=$(python3 -c "import time; print(time.time() - $start)")
fingerprint "$work/reference" > "$work/reference.txt"
echo "reference run: ${total%.*} s"

RANDOM=13
failed=0; kills=0
for trial in $(seq 1 "$trials"); do
  run="$work/trial-$trial"
  command=("${args[@]}" --out "$run")
  for attempt in 1 2 3; do
    [ "$attempt" -gt $((1 + RANDOM % 3)) ] && break
    # A moment anywhere in the remaining run, in milliseconds.
    delay=$(python3 -c "import random; random.seed($trial * 10 + $attempt); print(round(random.uniform(0.05, $total), 3))")
    "$G" "${command[@]}" > /dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2> /dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2> /dev/null
    # Once a run exists in the folder it is resumed from there alone; before that it starts again.
    [ -f "$run/config.json" ] && command=(train --out "$run" --resume --quiet)
  done
  "$G" "${command[@]}" > "$work/trial-$trial.out" 2>&1 || { echo "trial $trial: resume failed: $(tail -1 "$work/trial-$trial.out")"; failed=$((failed + 1)); continue; }
  if fingerprint "$run" | cmp -s - "$work/reference.txt"; then
    echo "trial $trial: identical"
  else
    echo "trial $trial: DIFFERS"; fingerprint "$run" | diff - "$work/reference.txt" | head -5
    failed=$((failed + 1))
  fi
  stray=$(find "$run" -name '*.partial' | wc -l)
  [ "$stray" -eq 0 ] || { echo "trial $trial: $stray stray temporary files"; failed=$((failed + 1)); }
done
echo "{\"trials\": $trials, \"kills\": $kills, \"failed\": $failed}"
[ "$failed" -eq 0 ]
