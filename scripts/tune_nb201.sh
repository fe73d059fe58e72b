#!/usr/bin/env bash
# Trains the NB201 default with extra flags on the tuning seeds (0–4 unless SEEDS is set) of DATASETS (default: all
# three), one run after another, into OUT/NAME-DATASET-sSEED, and prints summarize_runs.py's table. Runs already
# finished (metrics.json present) are kept. Usage: scripts/tune_nb201.sh OUT NAME [train flags…]
# Environment: G (the gnn2gnn binary, default .build/release/gnn2gnn), SEEDS, DATASETS.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1; NAME=$2; shift 2
G=${G:-.build/release/gnn2gnn}
SEEDS=${SEEDS:-"0 1 2 3 4"}
DATASETS=${DATASETS:-"cifar10 cifar100 ImageNet16-120"}
for d in $DATASETS; do
  for s in $SEEDS; do
    run="$OUT/$NAME-$d-s$s"
    [ -f "$run/metrics.json" ] && continue
    rm -rf "$run"
    "$G" train --space nb201 --data ../shared/data/nasbench201/nats_tss_test_accuracy_200ep.csv --dataset "$d" \
      --seed "$s" --out "$run" --quiet "$@" >/dev/null
  done
done
for d in $DATASETS; do python3 scripts/summarize_runs.py "$OUT/$NAME-$d"-s* | tail -n 1; done
