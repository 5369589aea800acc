"""How far can word similarity go on a gold clustering? A ceiling study for issue 4.

Reads a galaxy/wikinews JSON file (a list of events, each with articles) and asks two
questions, printing one JSON object:

1. `tuned_cut`: for each text representation, batch TF-IDF cosine (sublinear TF, English
   stop words) and average-link agglomerative clustering, with the cut chosen *on the gold
   itself* from 0.02 to 0.70. This is the best any single similarity threshold of that
   representation can score, so an upper bound for a method built on it, not a fair rival.
   Representations: the title; the first 300 words; the whole text; the title three times
   and the first 300 words (what crosscheck and its peers use); capitalised words of the
   first 3,000 characters (names, roughly); character 3- to 5-grams of the title; and the
   best equal mix of two of them.
2. `supervised`: whether learning from labelled pairs beats one threshold. Events are dealt
   into 5 folds; for each fold a logistic model is fitted on the pairs of the other folds'
   articles, with every representation's cosine as a feature, and the fold's own articles
   are clustered with average link on its probabilities cut at 0.5. The same articles are
   also clustered on whole-text cosine at the cut that is best on the full gold. BCubed F1
   per fold for both.

With `--uci CSV` instead (the UCI headline excerpt: titles only, STORY the label), only
the first question, for word and character 3- to 5-gram TF-IDF of the titles, cuts from 0.01.

Usage (a virtualenv outside the repository with `pip install scikit-learn`):
    python benches/peers/clustering_ceiling.py ../shared/eval/clustering/wikinews_big.json
    python benches/peers/clustering_ceiling.py --uci ../shared/eval/clustering/uci-news-excerpt.csv
"""

import argparse
import csv
import json
import re

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from sklearn_clustering import bcubed as bcubed_scores

CUTS = np.round(np.arange(0.02, 0.71, 0.02), 2)


def bcubed(gold, pred):
    """(F1, precision, recall), by the peer script's scorer."""
    s = bcubed_scores(list(pred), list(gold))
    return s["bcubed_f1"], s["bcubed_precision"], s["bcubed_recall"]


def cosines(docs, **kw):
    m = TfidfVectorizer(sublinear_tf=True, **kw).fit_transform(docs)
    return (m @ m.T).toarray()


def average_link(sim):
    d = np.clip(1 - (sim + sim.T) / 2, 0, None)
    np.fill_diagonal(d, 0)
    return linkage(squareform(d, checks=False), "average")


def cut(tree, similarity):
    return fcluster(tree, 1 - similarity, "distance")


def best_cut(gold, sim, cuts=CUTS):
    tree = average_link(sim)
    scored = [(bcubed(gold, cut(tree, c)), c) for c in cuts]
    (f1, p, r), c = max(scored, key=lambda s: s[0][0])
    return {"f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4), "cut": float(c)}


def headlines(path):
    rows = [r for r in csv.DictReader(open(path, encoding="utf-8")) if r.get("STORY")]
    titles = [r["TITLE"] for r in rows]
    _, gold = np.unique([r["STORY"] for r in rows], return_inverse=True)
    cuts = np.round(np.arange(0.01, 0.31, 0.01), 2)
    tuned = {
        "title_words": best_cut(gold, cosines(titles, stop_words="english"), cuts),
        "title_char3_5": best_cut(
            gold, cosines(titles, analyzer="char_wb", ngram_range=(3, 5)), cuts
        ),
    }
    print(json.dumps({"articles": len(titles), "tuned_cut": tuned}, indent=2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galaxy", nargs="?")
    ap.add_argument("--uci")
    args = ap.parse_args()
    if args.uci:
        return headlines(args.uci)
    events = json.load(open(args.galaxy, encoding="utf-8"))
    arts = [(i, a) for i, e in enumerate(events) for a in e["articles"]]
    gold = np.array([i for i, _ in arts])
    titles = [a.get("title") or "" for _, a in arts]
    texts = [a.get("text") or "" for _, a in arts]
    leads = [" ".join(t.split()[:300]) for t in texts]
    caps = re.compile(r"\b[A-Z][a-z]+")
    names = [" ".join(caps.findall(ti + " " + tx[:3000])) for ti, tx in zip(titles, texts)]
    words = {"stop_words": "english"}
    sims = {
        "title": cosines(titles, **words),
        "lead300": cosines(leads, **words),
        "text": cosines(texts, **words),
        "title3_lead300": cosines([(t + " ") * 3 + l for t, l in zip(titles, leads)], **words),
        "names": cosines(names, lowercase=False, **words),
        "title_char3_5": cosines(titles, analyzer="char_wb", ngram_range=(3, 5)),
    }
    tuned = {k: best_cut(gold, s) for k, s in sims.items()}
    keys = list(sims)
    mixes = {}
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            mixes[f"{a}+{b}"] = best_cut(gold, (sims[a] + sims[b]) / 2)
    best_mix = max(mixes.items(), key=lambda kv: kv[1]["f1"])
    tuned["best_equal_mix"] = {"of": best_mix[0], **best_mix[1]}

    text_cut = tuned["text"]["cut"]
    n = len(gold)
    iu = np.triu_indices(n, 1)
    feats = np.stack([sims[k][iu] for k in keys], 1)
    same = (gold[iu[0]] == gold[iu[1]]).astype(int)
    order = np.unique(gold)
    np.random.RandomState(0).shuffle(order)
    supervised, threshold = [], []
    for fold in np.array_split(order, 5):
        test = np.isin(gold, fold)
        train_pairs = ~test[iu[0]] & ~test[iu[1]]
        model = LogisticRegression(C=10, max_iter=2000).fit(feats[train_pairs], same[train_pairs])
        idx = np.where(test)[0]
        sub = np.ix_(idx, idx)
        siu = np.triu_indices(len(idx), 1)
        prob = np.eye(len(idx))
        prob[siu] = model.predict_proba(np.stack([sims[k][sub][siu] for k in keys], 1))[:, 1]
        prob = np.maximum(prob, prob.T)
        supervised.append(round(bcubed(gold[idx], cut(average_link(prob), 0.5))[0], 4))
        threshold.append(
            round(bcubed(gold[idx], cut(average_link(sims["text"][sub]), text_cut))[0], 4)
        )
    print(
        json.dumps(
            {
                "articles": n,
                "events": len(events),
                "tuned_cut": tuned,
                "supervised": {
                    "logistic_per_fold": supervised,
                    "logistic_mean": round(float(np.mean(supervised)), 4),
                    "text_cosine_tuned_cut_per_fold": threshold,
                    "text_cosine_mean": round(float(np.mean(threshold)), 4),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
