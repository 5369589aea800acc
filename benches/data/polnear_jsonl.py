"""Writes the PolNeAR articles (train and dev) as crosscheck JSON lines, for a held-out
look at copy detection on real political news (7 US outlets, 2015-2016).

PolNeAR is an attribution corpus, not a copy corpus: it has no copy labels. Its
`metadata.tsv` says which pieces are wire copy (`wire`: AP, AFP, UPI, Reuters), so every
copy relation crosscheck reports can be read by hand against the texts. Each line gets the
publisher as outlet, the title, the publication date and a made-up URL naming the file.

Usage (Python 3, standard library only):
    python3 benches/data/polnear_jsonl.py ../shared/eval/quotes/polnear > polnear.jsonl
"""

import csv
import json
import os
import sys


def main():
    root = sys.argv[1]
    meta = {
        r["filename"]: r
        for r in csv.DictReader(open(os.path.join(root, "metadata.tsv"), encoding="utf-8"), delimiter="\t")
    }
    written = 0
    for part in ("train", "dev"):
        folder = os.path.join(root, part, "text")
        for name in sorted(os.listdir(folder)):
            row = meta.get(name.removesuffix(".txt"))
            if row is None:
                print(f"{part}/{name}: not in metadata.tsv, skipped", file=sys.stderr)
                continue
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            line = {
                "url": f"https://{row['publisher']}.example/{name.removesuffix('.txt')}",
                "outlet": row["publisher"],
                "title": row["title"],
                "published": row["publication_date"],
                "text": text,
                "wire": row["wire"],
            }
            print(json.dumps(line, ensure_ascii=False))
            written += 1
    print(f"{written} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
