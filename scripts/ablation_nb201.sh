#!/usr/bin/env bash
# Trains GNN2GNN on NAS-Bench-201 CIFAR-10 (top 10% withheld, 20 epochs, seed 0) with the paper's settings
# and with the options beyond the paper, then prints a Markdown table of the runs (docs/EXPERIMENTS.md).
# Usage: scripts/ablation_nb201.sh [OUT_DIR]   (about 30 s per run on 2 cores; runs two at a time)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-runs/ablation-nb201}
G=.build/release/gnn2gnn
swift build -c release --product gnn2gnn >/dev/null
DATA="--space nb201 --data ../shared/data/nasbench201/nats_tss_test_accuracy_200ep.csv --dataset cifar10 --seed 0 --quiet"
E="--edge-gradients true"; A="--valuer-all-valid true"; P="--penalize-absent true"; R="--valuer-mode regression"
run() { local name=$1; shift; $G train $DATA --out "$OUT/$name" "$@" >/dev/null; }
run paper & run edge $E & wait
run edge-all $E $A & run edge-all-regression $E $A $R & wait
run edge-all-absent-regression $E $A $P $R & run faithful-regression-lambda0.01 $R --lambda 0.01 & wait
run direct-edges $E --direct-edge-logits true & run direct-edges-all $E $A --direct-edge-logits true & wait
run direct-edges-entropy0.2 $E --direct-edge-logits true --entropy-weight 0.2 & run regression-tau1 $R --tau 1 & wait
run valuer-only-tau1 $E $A $P $R --tau 1 --lambda 0 --warmup 0 & wait
python3 scripts/summarize_runs.py "$OUT"/*
