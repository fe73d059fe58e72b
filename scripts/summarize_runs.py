#!/usr/bin/env python3
"""Print a Markdown table of GNN2GNN run folders (their config.json and metrics.json).

Usage: scripts/summarize_runs.py RUN [RUN ...]
Only reads files the runs wrote; every number comes from them.
"""
import json
import os
import sys

DEFAULTS = {"edgeGradients": False, "valuerOverAllValid": False, "penalizeAbsent": False,
            "directEdgeLogits": False, "entropyWeight": 0, "valuerMode": "classification",
            "temperature": 0.1, "lambda": 0.1, "adversarialWarmup": 0.5, "goodTop": 50, "generatorLayers": 2,
            "nodePositions": False, "logitBound": 0, "edgeLogitBound": 0, "policyGradientWeight": 0, "oracleReward": False,
            "rewardScale": 0, "eliteSize": 0, "seed": 0, "epochs": 20, "topRemoved": 10,
            "membersOnly": True, "dataset": "cifar10", "discriminatorLossFloor": 0}


def settings(config):
    config = dict(config)
    config.setdefault("membersOnly", False)  # runs saved before the option existed generated raw cells
    changed = [f"{k}={config[k]}" for k in DEFAULTS if k in config and config[k] != DEFAULTS[k]]
    return ", ".join(changed) or "defaults"


def share(metrics):
    value = metrics.get("memberShare")
    return "–" if value is None else f"{100*value:.1f}%"


def main(runs):
    print("| run | settings beyond the defaults | validity | uniqueness | in benchmark | top-10% | top-5% | best | oracle queries | training s | members of raw draws |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for run in runs:
        try:
            config = json.load(open(os.path.join(run, "config.json")))
            final = json.load(open(os.path.join(run, "metrics.json")))
        except OSError as error:
            print(f"| {os.path.basename(run)} | not finished ({error.strerror}) |", file=sys.stderr)
            continue
        m = final["metrics"]
        best = m.get("bestObjective")
        print(f"| {os.path.basename(run)} | {settings(config)} | {100*m['validity']:.1f}% | {100*m['uniqueness']:.1f}% "
              f"| {100*m['top100']:.1f}% | {100*m['top10']:.1f}% | {100*m['top5']:.1f}% "
              f"| {best:.2f} | {final['oracleQueries']} | {final['trainingSeconds']:.0f} "
              f"| {share(m)} |" if best is not None else
              f"| {os.path.basename(run)} | {settings(config)} | {100*m['validity']:.1f}% | – | – | – | – | – | – | – | {share(m)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
