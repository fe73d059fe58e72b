#!/bin/sh
# Trains one configuration on the three NAS-Bench-201 datasets with seeds 0..N-1, one run after another,
# and prints a Markdown summary (scripts/summarize_runs.py). Usage:
#   scripts/train_seeds.sh OUT SEEDS [train flags…]
# e.g. scripts/train_seeds.sh runs/ar-nb201 5 --generator autoregressive --hidden 64
set -e
out=$1; seeds=$2; shift 2
G=${G:-.build/release/gnn2gnn}
NB201=${NB201:-../shared/data/nasbench201/nats_tss_test_accuracy_200ep.csv}
for dataset in cifar10 cifar100 ImageNet16-120; do
  s=0
  while [ "$s" -lt "$seeds" ]; do
    dir="$out/$dataset-s$s"
    [ -f "$dir/metrics.json" ] || "$G" train --space nb201 --data "$NB201" --dataset "$dataset" --seed "$s" --quiet --out "$dir" "$@" > /dev/null
    s=$((s + 1))
  done
done
python3 "$(dirname "$0")/summarize_runs.py" "$out"/*
