"""Joins the three engines' corpus lines into one table with the ratios."""
import sys

def read(path):
    rows = {}
    for line in open(path):
        parts = line.split()
        if len(parts) >= 3:
            rows[parts[0]] = parts[1:]
    return rows

ours, ajv, rs = read(sys.argv[1]), read(sys.argv[2]), read(sys.argv[3])
print(f"{'schema':24} {'instance':8} {'form':5} {'Interchange µs':>15} {'ajv µs':>9} {'jsonschema-rs µs':>17} {'vs ajv':>8} {'vs rs':>7}  peers' verdicts")
for name in sorted(ours):
    for i, kind in enumerate(["valid", "invalid"]):
        mine = float(ours[name][i])
        def cell(rows):
            value = rows.get(name, ["-", "-"])[i]
            return None if value == "-" else float(value)
        a, r = cell(ajv), cell(rs)
        verdicts = f"ajv {ajv.get(name, ['', '', '?'])[-1]}, rs {rs.get(name, ['', '', '?'])[-1]}"
        form = ours[name][2] if len(ours[name]) > 2 else ""
        print(f"{name:24} {kind:8} {form:5} {mine:15.3f} {a if a is not None else '—':>9} {r if r is not None else '—':>17} "
              f"{(f'{a / mine:.2f}×' if a else '—'):>8} {(f'{r / mine:.1f}×' if r else '—'):>7}  {verdicts}")
