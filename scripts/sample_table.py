#!/usr/bin/env python3
"""Writes a random sample of a benchmark table in the table's own format, standing in for a user's table:
sample_table.py IN OUT N SEED. IN is a CSV or CSV.gz (NAS-Bench-101's or NAS-Bench-201's files); OUT is a plain
CSV with IN's header and N rows drawn without replacement (Python's random.Random(SEED)), in IN's order."""
import gzip, random, sys

source, target, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
opener = gzip.open if source.endswith(".gz") else open
with opener(source, "rt", newline="") as f:
    header, *rows = f.read().splitlines()
if not 0 < n <= len(rows):
    sys.exit(f"{source}: cannot draw {n} of its {len(rows)} rows")
keep = sorted(random.Random(seed).sample(range(len(rows)), n))
with open(target + ".tmp", "w", newline="") as f:
    f.write("\n".join([header] + [rows[i] for i in keep]) + "\n")
import os
os.replace(target + ".tmp", target)
