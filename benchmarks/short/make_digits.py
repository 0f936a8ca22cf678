"""Writes digits.csv (scikit-learn's 1,797 8x8 digits, pixels scaled to [0, 1]) for digits.net."""
import os
from sklearn.datasets import load_digits

d = load_digits()
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.csv"), "w") as f:
    f.write(",".join(f"x[{i}]" for i in range(64)) + ",label\n")
    for x, y in zip(d.data / 16.0, d.target):
        f.write(",".join(f"{v:.4f}" for v in x) + f",{y}\n")
