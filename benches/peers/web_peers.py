"""Peers for `crosscheck eval extraction|dates --peer PYTHON`: trafilatura and htmldate on
the same pages, timed the same way (the call alone, on one thread, pages already read).

Reads JSON lines `{key, file, url}` written by crosscheck. Each file is a page, gzipped
or not; it is read and decoded to text (UTF-8, else the charset trafilatura detects)
before the clock starts. Prints one JSON object: the tool and its version, seconds,
pages per second, and `predictions` `{key: body}` (extraction) or `{key: "YYYY-MM-DD"}`
(dates), which crosscheck scores with its own scorer.

Usage (a virtualenv outside the repository with
`pip install trafilatura==2.3.1 htmldate lxml_html_clean`):
    python benches/peers/web_peers.py extraction PAGES.jsonl
    python benches/peers/web_peers.py dates PAGES.jsonl
"""

import gzip
import json
import sys
import time


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def main():
    mode, listing = sys.argv[1], sys.argv[2]
    pages = []
    with open(listing, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            pages.append((item["key"], item.get("url"), read(item["file"])))
    if mode == "extraction":
        import trafilatura
        from trafilatura.utils import decode_file

        docs = [(k, u, decode_file(b)) for k, u, b in pages]
        out = {}
        start = time.perf_counter()
        for key, url, html in docs:
            out[key] = trafilatura.extract(html, url=url) or ""
        secs = time.perf_counter() - start
        tool = "trafilatura " + trafilatura.__version__
    elif mode == "dates":
        import htmldate
        from trafilatura.utils import decode_file

        docs = [(k, u, decode_file(b)) for k, u, b in pages]
        out = {}
        start = time.perf_counter()
        for key, url, html in docs:
            out[key] = htmldate.find_date(html, url=url, original_date=True, extensive_search=True)
        secs = time.perf_counter() - start
        tool = "htmldate " + htmldate.__version__
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps({
        "tool": tool,
        "seconds": round(secs, 3),
        "pages_per_s": round(len(docs) / secs, 1),
        "predictions": out,
    }))


if __name__ == "__main__":
    main()
