"""Peer for `crosscheck eval quantities --peer PYTHON`: quantulum3 on the same sentences.

Reads JSON lines {"text": ...} and prints one JSON object: {"sentences": [[{"value": v or
[lo, hi], "unit": name, "change": label}], ...], "seconds": s}. Units are quantulum3's
names lower-cased, with a few renamed to the gold's canonical names ("degree celsius" ->
"celsius"); a dimensionless count gets its surface noun, as the gold writes counts. This
mapping is ours and simple, so value+unit differs from the CQE paper's published mapping;
value F1 does not depend on it.

Usage (a virtualenv outside the repository with `pip install quantulum3`):
    crosscheck eval quantities --peer ../peers-venv/bin/python FILE.json...
"""

import json
import sys
import time

from quantulum3 import parser

RENAME = {
    "degree celsius": "celsius",
    "degree fahrenheit": "fahrenheit",
    "united states dollar": "dollar",
    "pound sterling": "pound sterling",
    "pound-mass": "pound-mass",
    "percentage": "percentage",
    "metre": "metre",
    "square metre": "square metre",
    "kilometre per hour": "kilometre per hour",
    "mile per hour": "mile per hour",
}


def unit_of(q):
    name = (q.unit.name or "").lower()
    if name in ("dimensionless", ""):
        surface = (q.surface or "").split()
        return surface[-1].lower() if len(surface) > 1 else "-"
    return RENAME.get(name, name)


def main():
    lines = [json.loads(l) for l in open(sys.argv[-1], encoding="utf-8") if l.strip()]
    parser.parse("It cost $5 million and weighed 3 kg.")  # load its models before timing
    start = time.time()
    out = []
    for item in lines:
        found = []
        try:
            quants = parser.parse(item["text"])
        except Exception:  # a peer crash on one sentence is that sentence's miss
            quants = []
        for q in quants:
            value = q.value
            found.append({"value": value, "unit": unit_of(q), "change": "="})
        out.append(found)
    print(json.dumps({"sentences": out, "seconds": time.time() - start}))


if __name__ == "__main__":
    main()
