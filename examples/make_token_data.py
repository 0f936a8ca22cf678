"""Writes tokens.csv, the data of embedding_classifier.net and tiny_attention.net: sentences of
6 tokens from a vocabulary of 10 (0-3 positive words, 4-7 negative, 8-9 neutral), labelled 1
when they hold more positive than negative words (a tie: the first sentiment word decides).
Plain Python, seeded, so the file is the same on every machine:
    python3 examples/make_token_data.py
"""
import os
import random

rng = random.Random(7)
rows = []
while len(rows) < 600:
    tokens = [rng.randrange(10) for _ in range(6)]
    pos = sum(t < 4 for t in tokens)
    neg = sum(4 <= t < 8 for t in tokens)
    if pos == neg:
        first = next((t for t in tokens if t < 8), None)
        if first is None:
            continue
        label = int(first < 4)
    else:
        label = int(pos > neg)
    rows.append(tokens + [label])
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tokens.csv"), "w") as f:
    f.write(",".join([f"tokens[{i}]" for i in range(6)] + ["label"]) + "\n")
    for r in rows:
        f.write(",".join(map(str, r)) + "\n")
