#!/usr/bin/env python3
"""Replaces the lines between `<!-- NAME:begin -->` and `<!-- NAME:end -->` in a Markdown file with a
file's content (used by `make readme-presets`). Usage: splice_readme.py FILE NAME CONTENT_FILE"""
import os
import sys

path, name, content_path = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
if text.count(begin) != 1 or text.count(end) != 1:
    sys.exit(f"{path}: needs exactly one {begin} and one {end}")
head, rest = text.split(begin)
_, tail = rest.split(end)
content = open(content_path, encoding="utf-8").read().strip("\n")
open(path + ".tmp", "w", encoding="utf-8").write(head + begin + "\n" + content + "\n" + end + tail)
os.replace(path + ".tmp", path)
