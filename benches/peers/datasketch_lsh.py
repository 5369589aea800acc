"""Peer for `crosscheck bench copies`: datasketch's MinHashLSH on the same corpus.

Streams the corpus as crosscheck does: each article is queried against the articles
before it, then inserted. Shingles are word 5-grams of the lower-cased letter/digit runs
of the raw `text` field (the same tokenisation crosscheck uses for its signatures).
Prints one JSON object: articles, seconds, articles_per_sec, and near-duplicate recall
and precision against the planted truth.

Usage (from a virtualenv outside the repository with `pip install datasketch`):
    python benches/peers/datasketch_lsh.py CORPUS.jsonl TRUTH.jsonl [--threshold 0.5] [--perms 128]
"""

import argparse
import json
import re
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"[^\W_]+", re.UNICODE)


def shingles(text, n=5):
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < n:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("truth")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--perms", type=int, default=128)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()

    docs = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            docs.append((rec["url"], rec["text"]))
            if args.limit and len(docs) >= args.limit:
                break
    family = {}
    near = []
    with open(args.truth, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            family[t["copy"]] = t["source"]
            if t["kind"] == "near_duplicate":
                near.append((t["copy"], t["source"]))
    root = lambda u: family.get(u, u)

    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.perms)
    found = set()
    start = time.perf_counter()
    for url, text in docs:
        m = MinHash(num_perm=args.perms)
        m.update_batch(list(shingles(text)))
        for other in lsh.query(m):
            found.add((url, other))
        lsh.insert(url, m)
    secs = time.perf_counter() - start

    seen = {u for u, _ in docs}
    near = [(c, s) for c, s in near if c in seen and s in seen]
    hit = sum(1 for c, s in near if (c, s) in found)
    correct = sum(1 for a, b in found if root(a) == root(b))
    print(
        json.dumps(
            {
                "peer": "datasketch MinHashLSH",
                "threshold": args.threshold,
                "num_perm": args.perms,
                "articles": len(docs),
                "seconds": round(secs, 2),
                "articles_per_sec": round(len(docs) / secs),
                "near_duplicate_recall": round(hit / max(len(near), 1), 4),
                "pairs_found": len(found),
                "pairs_precision": round(correct / max(len(found), 1), 4),
            }
        )
    )


if __name__ == "__main__":
    main()
