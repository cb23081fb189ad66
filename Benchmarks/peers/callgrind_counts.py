"""Per-evaluation counts from two callgrind profiles of the same loop run N apart.

Usage: callgrind_counts.py SHORT.out LONG.out N
Prints instructions per evaluation and calls per evaluation of the runtime functions that matter
in Swift: reference counting and allocation.
"""
import collections
import re
import sys


def parse(path):
    names, calls, total, callee = {}, collections.Counter(), 0, None
    for line in open(path):
        match = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?", line)
        if match:
            kind, number, name = match.groups()
            if name:
                names[number] = name
            if kind == "cfn":
                callee = names.get(number, number)
            continue
        match = re.match(r"calls=(\d+)", line)
        if match and callee:
            calls[callee] += int(match.group(1))
        match = re.match(r"(?:summary|totals): (\d+)", line)
        if match:
            total = int(match.group(1))
    return total, calls


short, long_, n = parse(sys.argv[1]), parse(sys.argv[2]), float(sys.argv[3])
print(f"instructions per evaluation: {(long_[0] - short[0]) / n:,.0f}")
for name in ["swift_retain", "swift_release", "swift_bridgeObjectRetain", "swift_bridgeObjectRelease", "swift_allocObject"]:
    print(f"{name} calls per evaluation: {(long_[1][name] - short[1][name]) / n:,.1f}")
