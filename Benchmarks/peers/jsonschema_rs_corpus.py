"""jsonschema-rs (draft 2020-12, formats asserted) on the schema corpus: "name valid-µs invalid-µs verdicts"."""
import json
import os
import sys
import time

import jsonschema_rs

directory, iterations = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000
for name in sorted(f[: -len(".schema.json")] for f in os.listdir(directory) if f.endswith(".schema.json")):
    load = lambda suffix: json.load(open(os.path.join(directory, f"{name}.{suffix}.json")))
    try:
        validator = jsonschema_rs.validator_for(load("schema"), validate_formats=True)
    except Exception as error:  # reported, not timed
        print(f"{name} - - compile-error:{str(error)[:60].replace(' ', '_')}")
        continue
    valid, invalid = load("valid"), load("invalid")
    verdicts = f"{'valid' if validator.is_valid(valid) else 'INVALID'}/{'VALID' if validator.is_valid(invalid) else 'invalid'}"

    def timed(instance):
        for _ in range(min(iterations, 2000)):
            validator.is_valid(instance)
        start = time.perf_counter()
        for _ in range(iterations):
            validator.is_valid(instance)
        return (time.perf_counter() - start) * 1e6 / iterations

    print(f"{name} {timed(valid):.3f} {timed(invalid):.3f} {verdicts}")
