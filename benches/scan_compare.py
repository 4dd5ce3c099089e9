#!/usr/bin/env python3
"""Compare healthpass's QR decoder with zxing-cpp and zbar on a corpus, in one run.

Every decoder gets the same 8-bit grey buffer per image and only its decode call is timed
(best of --repeat runs). Ours runs through the `scan_timing` example binary (which decodes the
file to grey with the `image` crate, untimed, then times `scan_frame`); zxing-cpp and zbar get
the image converted to grey by Pillow. Prints per folder and overall: images, codes
(an image may hold several: one manifest row per code), codes decoded correctly (exact text,
ignoring one trailing newline of the expected file), wrong texts (a decoded text no code of
the image holds; on the negative folders any decode), median and p95 decode ms.

Usage:
  pip install zxing-cpp pyzbar pillow numpy; apt-get install -y libzbar0
  cargo build --release -p healthpass-core --example scan_timing
  python3 benches/scan_compare.py [--corpus ../shared/corpus] [--repeat 3]
  (synthetic sets per kind of hard frame: benches/scanset/generate.py writes a corpus)
      [--ours target/release/examples/scan_timing]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
from PIL import Image


def matches(decoded, expected):
    return decoded == expected or (expected.endswith("\n") and decoded == expected[:-1])


def p95(values):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def load_manifest(corpus):
    """The images in manifest order, each with its expected texts and folder. An image holding
    several codes has one manifest row per code; a negative image one row with no text."""
    images = {}
    with open(os.path.join(corpus, "manifest.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            image, expected, folder = line.rstrip("\n").split("\t")
            texts = images.setdefault(image, ([], folder))[0]
            if expected:
                with open(os.path.join(corpus, expected), encoding="utf-8", newline="") as t:
                    texts.append(t.read())
    return [(image, texts, folder) for image, (texts, folder) in images.items()]


def run_ours(binary, corpus, rows, repeat):
    paths = [os.path.join(corpus, image) for image, _, _ in rows]
    out = subprocess.run([binary, "--repeat", str(repeat), *paths], capture_output=True, text=True, check=False)
    results = {}
    for line in out.stdout.splitlines():
        record = json.loads(line)
        results[record["file"]] = (record.get("texts", []), record.get("ms"))
    return [results.get(p, ([], None)) for p in paths]


def grey(path):
    with Image.open(path) as img:
        return np.ascontiguousarray(np.asarray(img.convert("L")))


def run_zxing(arrays, repeat):
    import zxingcpp

    fmt = zxingcpp.BarcodeFormat.QRCode
    out = []
    for arr in arrays:
        best, texts = float("inf"), []
        for _ in range(repeat):
            start = time.perf_counter()
            found = zxingcpp.read_barcodes(arr, formats=fmt)
            best = min(best, (time.perf_counter() - start) * 1000)
            texts = [r.text for r in found if r.valid]
        out.append((texts, best))
    return out


def run_zbar(arrays, repeat):
    from pyzbar import pyzbar

    out = []
    for arr in arrays:
        h, w = arr.shape
        buf = arr.tobytes()
        best, texts = float("inf"), []
        for _ in range(repeat):
            start = time.perf_counter()
            found = pyzbar.decode((buf, w, h), symbols=[pyzbar.ZBarSymbol.QRCODE])
            best = min(best, (time.perf_counter() - start) * 1000)
            texts = [r.data.decode("utf-8", errors="replace") for r in found]
        out.append((texts, best))
    return out


def summarise(rows, results, groups):
    """Per group: images, codes, codes read with their exact text, wrong texts (a decoded text
    that no code of its image holds, or any text on a negative image), median and p95 ms."""
    table = {}
    for name, folders in groups:
        images = codes = correct = wrong = 0
        times = []
        for (image, expected, folder), (texts, ms) in zip(rows, results):
            if folder not in folders:
                continue
            images += 1
            codes += len(expected)
            if ms is not None:
                times.append(ms)
            correct += sum(any(matches(t, e) for t in texts) for e in expected)
            wrong += sum(not any(matches(t, e) for e in expected) for t in texts)
        table[name] = (images, codes, correct, wrong, statistics.median(times) if times else float("nan"), p95(times))
    return table


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus"))
    parser.add_argument("--ours", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target")), "release", "examples", "scan_timing"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rows = load_manifest(args.corpus)
    arrays = [grey(os.path.join(args.corpus, image)) for image, _, _ in rows]
    decoders = [("healthpass", run_ours(args.ours, args.corpus, rows, args.repeat))]
    for name, fn in (("zxing-cpp", run_zxing), ("zbar", run_zbar)):
        try:
            decoders.append((name, fn(arrays, args.repeat)))
        except ImportError as e:
            print(f"skipping {name}: {e}", file=sys.stderr)

    folders = sorted({folder for _, _, folder in rows})
    positive = [f for f in folders if not f.startswith("falsepositives")]
    groups = [(f, {f}) for f in folders]
    if {"qrcode-1", "qrcode-2", "qrcode-3", "qrcode-6"} <= set(folders):
        groups.append(("qrcode-1,2,3,6", {"qrcode-1", "qrcode-2", "qrcode-3", "qrcode-6"}))
    groups.append(("all positive", set(positive)))
    groups.append(("all negative", set(folders) - set(positive)))
    groups.append(("overall", set(folders)))

    print(f"corpus: {os.path.realpath(args.corpus)}  repeat: best of {args.repeat}")
    header = f"| {'folder':16} | {'images':>6} | {'codes':>5} |"
    for name, _ in decoders:
        header += f" {name + ' ok/wrong':>19} | {'med ms':>7} | {'p95 ms':>7} |"
    print(header)
    print("|" + "---|" * (3 + 3 * len(decoders)))
    tables = [(name, summarise(rows, results, groups)) for name, results in decoders]
    for group, _ in groups:
        images, codes = tables[0][1][group][:2]
        line = f"| {group:16} | {images:6} | {codes:5} |"
        for _, table in tables:
            _, _, correct, wrong, med, high = table[group]
            line += f" {f'{correct}/{wrong}':>19} | {med:7.2f} | {high:7.2f} |"
        print(line)


if __name__ == "__main__":
    main()
