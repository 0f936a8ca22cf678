"""Writes digits_train.csv and digits_test.csv, the data of digits_cnn.net: scikit-learn's copy of
the UCI 8x8 handwritten digits (1797 images, pixels 0-16, bundled with the package, no download),
one column per pixel x[0][i][j] and the label, split 80/20 with a fixed seed (stratified by digit):
    /usr/bin/python3 examples/make_digits_data.py   (a python3 with scikit-learn)
"""
import os

from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

digits = load_digits()
images = digits.images.astype(int)             # [1797, 8, 8], 0..16
train, test = train_test_split(range(len(images)), test_size=0.2, random_state=0, stratify=digits.target)
header = [f"x[0][{i}][{j}]" for i in range(8) for j in range(8)] + ["label"]
here = os.path.dirname(os.path.abspath(__file__))
for name, rows in (("digits_train.csv", train), ("digits_test.csv", test)):
    with open(os.path.join(here, name), "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(v) for v in images[r].reshape(-1)) + f",{digits.target[r]}\n")
    print(name, len(rows), "images")
