"""Merges the outputs of several interleaved benchmark rounds ("name valid_µs invalid_µs [rest]" per
line) into one, keeping each row's minimum per column: on a shared machine, interference only ever
adds time, so the minimum of a few rounds is the steadiest estimate of each engine's own cost.
Usage: min_of_runs.py ROUND_FILE...
"""
import sys

rows = {}
order = []
for path in sys.argv[1:]:
    for line in open(path):
        parts = line.split()
        if len(parts) < 3: continue
        try: a, b = float(parts[1]), float(parts[2])
        except ValueError: continue
        name = parts[0]
        if name not in rows: rows[name] = [a, b, parts[3:]]; order.append(name)
        else: rows[name][0] = min(rows[name][0], a); rows[name][1] = min(rows[name][1], b)
for name in order:
    a, b, rest = rows[name]
    print(name, round(a, 3), round(b, 3), *rest)
