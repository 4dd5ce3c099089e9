#!/usr/bin/env python3
"""Synthetic QR test sets, one folder per kind of hard frame, generated from a seed.

Each frame is a scene built in linear light (paper, ink, clutter), photographed by a simple
camera model: a pinhole homography per code card (tilt, rotation, distance), lens blur,
illumination (gradients, spotlights, shadows), exposure gain with sensor clipping, sensor
noise, gamma and JPEG compression. Codes carry our poster URLs, certificate-like `HC1:`
strings or random texts. Nothing here comes from another QR benchmark.

Kinds (folders): nominal, multi (walls of posters, many codes), exposure (under, over,
spotlight, hard shadow), perspective (strong tilt), rotation (any angle), screen (a code on a
phone or monitor: pixel grid, moire, glare), damage (stains, scratches, torn parts),
noncompliant (no quiet zone, colours, inverted, dot modules, logos), and negative (no code).

Writes 8-bit grey PNGs (so every decoder gets the same bytes), `texts/*.txt` and a
`manifest.tsv` in `benches/scan_compare.py`'s format with one row per code (a frame with
several codes has several rows; a negative frame one row with no text).

Usage:
  pip install numpy pillow segno
  python3 benches/scanset/generate.py --out /tmp/scanset [--seed 17] [--per-kind 30] [--photo-sizes]
  python3 benches/scan_compare.py --corpus /tmp/scanset
"""

import argparse
import io
import math
import os

import numpy as np
import segno
from PIL import Image

BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
WORDS = ["warung", "apotek", "masjid", "pasar", "kantor", "sekolah", "klinik", "toko", "mall", "stasiun"]
FRAME_SIZES = [(640, 480), (1024, 768), (1280, 720), (1280, 960), (1600, 1200)]
# Full-resolution phone photos (`--photo-sizes`): 5, 8 and 12 megapixels.
PHOTO_SIZES = [(2592, 1944), (3264, 2448), (4032, 3024)]


def payload(rng):
    """A text a venue door or a counter sees: a poster URL, a certificate, or something else."""
    kind = rng.integers(0, 6)
    if kind <= 1:
        body = "".join(rng.choice(list(URL_SAFE), size=int(rng.integers(60, 140))))
        return f"https://healthpass.example/checkin#v1.{body}"
    if kind == 2:
        return "HC1:" + "".join(rng.choice(list(BASE45), size=int(rng.integers(150, 420))))
    if kind == 3:
        return "".join(rng.choice(list("0123456789"), size=int(rng.integers(8, 60))))
    if kind == 4:
        return " ".join(rng.choice(WORDS, size=int(rng.integers(1, 6)))) + f" {int(rng.integers(0, 10**6))}"
    body = "".join(rng.choice(list(URL_SAFE), size=int(rng.integers(8, 40))))
    return f"https://{rng.choice(WORDS)}.example/{body}"


def modules(text, rng, levels="lmqh"):
    """The code's modules (1 = dark), without quiet zone."""
    qr = segno.make(text, error=str(rng.choice(list(levels))), micro=False, boost_error=False)
    return np.array([list(r) for r in qr.matrix_iter(border=0)], dtype=np.uint8)


def card(mods, rng, quiet=4, poster=False, dots=False, logo=False, res=6):
    """Reflectance (0..1) of a printed card holding the code, `res` texels per module, and the
    code's extent in texels (x0, y0, x1, y1)."""
    n = mods.shape[0]
    margin_top = margin_bottom = margin_side = quiet
    if poster:
        margin_side = quiet + int(rng.integers(2, 8))
        margin_top = quiet + int(rng.integers(6, 16))
        margin_bottom = quiet + int(rng.integers(8, 20))
    w, h = n + 2 * margin_side, n + margin_top + margin_bottom
    paper = rng.uniform(0.7, 0.92)
    ink = rng.uniform(0.03, 0.12)
    tex = np.full((h * res, w * res), paper, dtype=np.float32)
    big = np.kron(mods, np.ones((res, res), dtype=np.uint8)).astype(bool)
    if dots:
        yy, xx = np.mgrid[0:res, 0:res]
        r = (res - 1) / 2
        disc = ((xx - r) ** 2 + (yy - r) ** 2) <= (res * rng.uniform(0.38, 0.5)) ** 2
        big &= np.tile(disc, (n, n))
        # Finder patterns stay square, as designer codes keep them.
        for fx, fy in [(0, 0), (n - 7, 0), (0, n - 7)]:
            big[fy * res:(fy + 7) * res, fx * res:(fx + 7) * res] = np.kron(
                mods[fy:fy + 7, fx:fx + 7], np.ones((res, res), dtype=np.uint8)).astype(bool)
    y0, x0 = margin_top * res, margin_side * res
    tex[y0:y0 + n * res, x0:x0 + n * res][big] = ink
    if logo:
        s = int(n * rng.uniform(0.15, 0.22)) * res
        c = (n * res) // 2
        tex[y0 + c - s // 2:y0 + c + s // 2, x0 + c - s // 2:x0 + c + s // 2] = rng.uniform(0.2, 0.9)
    if poster:
        # Heading and footer lines of text-like bars.
        for top, rows in ((res * 2, margin_top - quiet - 2), (y0 + (n + quiet + 1) * res, margin_bottom - quiet - 2)):
            for line in range(max(rows // 3, 0)):
                yb = top + line * 3 * res
                x = margin_side * res
                while x < (w - margin_side) * res:
                    word = int(rng.integers(2, 7)) * res
                    tex[yb:yb + 2 * res, x:min(x + word, (w - margin_side) * res)] = ink
                    x += word + res
    return tex, (x0, y0, x0 + n * res, y0 + n * res)


def homography(src, dst):
    """The 3x3 matrix mapping four `src` points to four `dst` points."""
    a = []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y, -u])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y, -v])
    _, _, vt = np.linalg.svd(np.array(a))
    return vt[-1].reshape(3, 3) / vt[-1][-1]


def projected_quad(rng, cx, cy, side, tilt_deg, spin_deg):
    """Corners of a square of `side` pixels seen by a pinhole camera, centred at (cx, cy):
    tilted by `tilt_deg` about a random axis in its plane and turned by `spin_deg`."""
    axis = rng.uniform(0, 2 * math.pi)
    t = math.radians(tilt_deg)
    ax, ay = math.cos(axis), math.sin(axis)
    # Rodrigues rotation about (ax, ay, 0).
    k = np.array([[0, 0, ay], [0, 0, -ax], [-ay, ax, 0]])
    rot = np.eye(3) + math.sin(t) * k + (1 - math.cos(t)) * (k @ k)
    s = math.radians(spin_deg)
    spin = np.array([[math.cos(s), -math.sin(s), 0], [math.sin(s), math.cos(s), 0], [0, 0, 1]])
    focal = side * rng.uniform(1.2, 3.0)
    pts = []
    for x, y in [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]:
        p = rot @ spin @ np.array([x * side, y * side, 0.0])
        z = focal + p[2]
        pts.append((cx + p[0] * focal / z, cy + p[1] * focal / z))
    return pts


def paste(scene, alpha_out, tex, quad, supersample=3, screen=None):
    """Draws `tex` (reflectance texels) into `scene` over the image quadrilateral `quad`
    (corners of the texture clockwise from top-left), antialiased by supersampling. With
    `screen` (pitch, fill) the texture is shown through a pixel grid, point-sampled so it
    aliases into moire as a camera does."""
    th, tw = tex.shape
    h = homography(quad, [(0, 0), (tw, 0), (tw, th), (0, th)])
    xs, ys = [q[0] for q in quad], [q[1] for q in quad]
    H, W = scene.shape
    x0, x1 = max(int(min(xs)) - 1, 0), min(int(max(xs)) + 2, W)
    y0, y1 = max(int(min(ys)) - 1, 0), min(int(max(ys)) + 2, H)
    if x1 <= x0 or y1 <= y0:
        return
    acc = np.zeros((y1 - y0, x1 - x0), dtype=np.float32)
    cover = np.zeros_like(acc)
    gy, gx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    for i in range(supersample):
        for j in range(supersample):
            px, py = gx + (j + 0.5) / supersample, gy + (i + 0.5) / supersample
            d = h[2, 0] * px + h[2, 1] * py + h[2, 2]
            u = (h[0, 0] * px + h[0, 1] * py + h[0, 2]) / d
            v = (h[1, 0] * px + h[1, 1] * py + h[1, 2]) / d
            inside = (u >= 0) & (u < tw) & (v >= 0) & (v < th) & (d > 0)
            ui = np.clip(u.astype(np.int32), 0, tw - 1)
            vi = np.clip(v.astype(np.int32), 0, th - 1)
            value = tex[vi, ui]
            if screen is not None:
                pitch, fill = screen
                cell_u, cell_v = (u / pitch) % 1.0, (v / pitch) % 1.0
                lit = (cell_u < fill) & (cell_v < fill)
                value = value * np.where(lit, 1.0, 0.15)
            acc += np.where(inside, value, 0)
            cover += inside
    n = supersample * supersample
    region = scene[y0:y1, x0:x1]
    scene[y0:y1, x0:x1] = region * (1 - cover / n) + acc / n
    alpha_out[y0:y1, x0:x1] = np.maximum(alpha_out[y0:y1, x0:x1], cover / n)


def background(rng, w, h):
    """A cluttered scene: a gradient wall with rectangles, bars and stripes."""
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = rng.uniform(0.2, 0.7) + rng.uniform(-0.2, 0.2) * gx / w + rng.uniform(-0.2, 0.2) * gy / h
    scene = np.clip(base, 0.02, 0.95).astype(np.float32)
    for _ in range(int(rng.integers(5, 30))):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        rw, rh = int(rng.integers(5, w // 3)), int(rng.integers(5, h // 3))
        scene[y:y + rh, x:x + rw] = rng.uniform(0.02, 0.95)
    for _ in range(int(rng.integers(0, 4))):
        # Stripes and checks: finder look-alikes for the negatives' sake.
        x, y = int(rng.integers(0, w - 50)), int(rng.integers(0, h - 50))
        rw, rh = int(rng.integers(40, w // 2)), int(rng.integers(40, h // 2))
        period = int(rng.integers(3, 20))
        yy, xx = np.mgrid[0:rh, 0:rw]
        pattern = ((xx // period + (yy // period) * rng.integers(0, 2)) % 2).astype(np.float32)
        patch = scene[y:y + rh, x:x + rw]
        scene[y:y + rh, x:x + rw] = np.where(pattern[:patch.shape[0], :patch.shape[1]] > 0, 0.85, 0.08)
    return scene


def blur(img, sigma):
    """Separable Gaussian lens blur, `sigma` in pixels."""
    if sigma < 0.3:
        return img
    r = int(math.ceil(3 * sigma))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    pad = np.pad(img, r, mode="edge")
    tmp = sum(k[i] * pad[:, i:i + img.shape[1]] for i in range(2 * r + 1))
    return sum(k[i] * tmp[i:i + img.shape[0], :] for i in range(2 * r + 1)).astype(np.float32)


def camera(scene, rng, gain=1.0, light=None, noise=None, blur_sigma=None, jpeg=None):
    """Linear-light scene to an 8-bit grey frame: illumination, blur, gain, clipping, noise,
    gamma and JPEG."""
    h, w = scene.shape
    if light is None:
        gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
        light = 1.0 + rng.uniform(-0.3, 0.3) * (gx / w - 0.5) + rng.uniform(-0.3, 0.3) * (gy / h - 0.5)
    img = blur(scene * light, rng.uniform(0.4, 1.1) if blur_sigma is None else blur_sigma)
    img = img * gain
    sigma = rng.uniform(0.003, 0.012) if noise is None else noise
    img = img + rng.normal(0, sigma, img.shape) * np.sqrt(np.clip(img, 0.01, 1.0))
    img = np.clip(img, 0, 1) ** (1 / 2.2)
    grey = Image.fromarray((img * 255 + 0.5).astype(np.uint8), "L")
    buf = io.BytesIO()
    grey.save(buf, "JPEG", quality=int(rng.integers(70, 95)) if jpeg is None else jpeg)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def frame_size(rng):
    return FRAME_SIZES[int(rng.integers(0, len(FRAME_SIZES)))]


def use_photo_sizes():
    """Frames at full phone-photo resolution instead of preview sizes."""
    FRAME_SIZES[:] = PHOTO_SIZES


def place_one(rng, scene, alpha, text, module_px, tilt, spin, centre=None, **card_opts):
    """One code card placed so its modules are about `module_px` pixels."""
    h, w = scene.shape
    mods = modules(text, rng, card_opts.pop("levels", "lmqh"))
    screen_grid = card_opts.pop("screen", None)
    tex, (cx0, cy0, cx1, cy1) = card(mods, rng, **card_opts)
    res = (cx1 - cx0) / mods.shape[0]
    side = module_px * tex.shape[1] / res
    if centre is None:
        margin = side * 0.5
        centre = (rng.uniform(margin, max(w - margin, margin + 1)), rng.uniform(margin, max(h - margin, margin + 1)))
    quad = projected_quad(rng, centre[0], centre[1], side, tilt, spin)
    # The square quad is for a square texture; stretch it to the card's aspect.
    aspect = tex.shape[0] / tex.shape[1]
    mid = np.mean(quad, axis=0)
    quad = [(mid[0] + (x - mid[0]), mid[1] + (y - mid[1]) * aspect) for x, y in quad]
    paste(scene, alpha, tex, quad, screen=screen_grid)
    return quad


def single(rng, min_px, fill, tilt, spin, centre=None):
    """A cluttered frame with one code (a poster half the time) of at least `min_px` pixels a
    module and at most `fill` of the frame's short side, tilted and turned within the ranges
    given, centred in the frame or where `centre(rng, w, h)` says. Returns the scene, the
    text, the code's side in modules with its quiet zone, the module size and the centre."""
    w, h = frame_size(rng)
    scene, alpha = background(rng, w, h), np.zeros((h, w), np.float32)
    text = payload(rng)
    n = modules(text, rng).shape[0] + 8
    px = rng.uniform(min_px, max(min_px + 0.5, min(w, h) * fill / n))
    centre = (w / 2, h / 2) if centre is None else centre(rng, w, h)
    place_one(rng, scene, alpha, text, px, rng.uniform(*tilt), rng.uniform(*spin), centre=centre, poster=bool(rng.integers(0, 2)))
    return scene, text, n, px, centre


def nominal(rng):
    scene, text, _, _, _ = single(rng, 2.0, 0.8, (0, 15), (-10, 10))
    return camera(scene, rng), [text]


def multi(rng):
    w, h = frame_size(rng)
    scene, alpha = background(rng, w, h), np.zeros((h, w), np.float32)
    texts = []
    cols, rows = int(rng.integers(2, 6)), int(rng.integers(2, 4))
    tilt, spin = rng.uniform(0, 25), rng.uniform(-12, 12)
    cell_w, cell_h = w / cols, h / rows
    for r in range(rows):
        for c in range(cols):
            if rng.random() < 0.15:
                continue
            text = payload(rng) if rng.random() < 0.5 else f"https://healthpass.example/checkin#v1.{''.join(rng.choice(list(URL_SAFE), size=40))}"
            n = modules(text, rng).shape[0] + 8
            px = min(cell_w, cell_h) * rng.uniform(0.55, 0.85) / n
            if px < 1.6:
                continue
            centre = ((c + 0.5) * cell_w + rng.uniform(-0.05, 0.05) * cell_w, (r + 0.5) * cell_h + rng.uniform(-0.05, 0.05) * cell_h)
            place_one(rng, scene, alpha, text, px, tilt + rng.uniform(0, 8), spin + rng.uniform(-5, 5), centre=centre)
            texts.append(text)
    return camera(scene, rng, blur_sigma=rng.uniform(0.3, 0.8)), texts


def exposure(rng):
    off_centre = lambda rng, w, h: (w * rng.uniform(0.35, 0.65), h * rng.uniform(0.35, 0.65))
    scene, text, n, px, (cx, cy) = single(rng, 2.5, 0.7, (0, 20), (-15, 15), off_centre)
    h, w = scene.shape
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    mode = int(rng.integers(0, 4))
    if mode == 0:  # under-exposed: a dark corridor
        return camera(scene, rng, gain=rng.uniform(0.008, 0.05), noise=rng.uniform(0.0005, 0.002)), [text]
    if mode == 1:  # over-exposed: paper clips, ink turns grey
        return camera(scene, rng, gain=rng.uniform(2.5, 9.0)), [text]
    if mode == 2:  # a spotlight on the poster in a dim room
        radius = n * px * rng.uniform(0.3, 0.9)
        d2 = ((gx - cx - rng.uniform(-0.3, 0.3) * radius) ** 2 + (gy - cy - rng.uniform(-0.3, 0.3) * radius) ** 2) / radius**2
        light = 0.08 + rng.uniform(3.0, 12.0) * np.exp(-d2)
        return camera(scene, rng, light=light.astype(np.float32)), [text]
    # A hard shadow edge across the code.
    angle = rng.uniform(0, math.pi)
    side = (gx - cx) * math.cos(angle) + (gy - cy) * math.sin(angle) > rng.uniform(-0.3, 0.3) * n * px
    light = np.where(side, rng.uniform(0.08, 0.25), rng.uniform(1.0, 2.5)).astype(np.float32)
    return camera(scene, rng, light=blur(light, 2.0)), [text]


def perspective(rng):
    scene, text, _, _, _ = single(rng, 3.0, 0.8, (40, 62), (-30, 30))
    return camera(scene, rng), [text]


def rotation(rng):
    scene, text, _, _, _ = single(rng, 2.2, 0.6, (0, 20), (0, 360))
    return camera(scene, rng), [text]


def screen(rng):
    w, h = frame_size(rng)
    scene = background(rng, w, h) * rng.uniform(0.2, 0.6)
    alpha = np.zeros((h, w), np.float32)
    text = payload(rng)
    n = modules(text, rng).shape[0] + 8
    px = rng.uniform(3.0, max(3.5, min(w, h) * 0.7 / n))
    # A light-emitting screen: white well above the room's paper, a pixel grid with dark
    # gaps at a pitch that beats against the camera's.
    pitch = rng.uniform(0.9, 3.5)  # texels per screen pixel (6 texels per module)
    opts = dict(quiet=int(rng.integers(2, 5)), res=6, screen=(pitch, rng.uniform(0.6, 0.85)))
    place_one(rng, scene, alpha, text, px, rng.uniform(0, 30), rng.uniform(-20, 20), centre=(w / 2, h / 2), **opts)
    # Screen glare: a soft bright streak.
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, math.pi)
    dist = ((gx - w * rng.uniform(0.3, 0.7)) * math.cos(angle) + (gy - h * rng.uniform(0.3, 0.7)) * math.sin(angle)) / (w * rng.uniform(0.05, 0.2))
    glare = rng.uniform(0.0, 0.5) * np.exp(-dist**2)
    scene = scene + glare.astype(np.float32) * alpha
    return camera(scene, rng, gain=rng.uniform(0.9, 1.6), blur_sigma=rng.uniform(0.3, 0.9)), [text]


def damage(rng):
    w, h = frame_size(rng)
    scene, alpha = background(rng, w, h), np.zeros((h, w), np.float32)
    text = payload(rng)
    mods = modules(text, rng, "qh")
    n = mods.shape[0]
    px = rng.uniform(2.5, max(3.0, min(w, h) * 0.7 / (n + 8)))
    cx, cy, side = w / 2, h / 2, (n + 8) * px
    place_one(rng, scene, alpha, text, px, rng.uniform(0, 20), rng.uniform(-15, 15), centre=(cx, cy), levels="qh")
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    for _ in range(int(rng.integers(1, 5))):
        kind = rng.integers(0, 3)
        ex, ey = cx + rng.uniform(-0.4, 0.4) * side, cy + rng.uniform(-0.4, 0.4) * side
        rx, ry = rng.uniform(0.03, 0.12) * side, rng.uniform(0.03, 0.12) * side
        blob = ((gx - ex) / rx) ** 2 + ((gy - ey) / ry) ** 2 < 1
        if kind == 0:  # paint or a torn-off patch
            scene[blob] = rng.choice([0.05, 0.85])
        elif kind == 1:  # a translucent stain
            scene[blob] = scene[blob] * rng.uniform(0.4, 0.8) + rng.uniform(0.0, 0.2)
        else:  # a scratch
            angle = rng.uniform(0, math.pi)
            line = np.abs((gx - ex) * math.sin(angle) - (gy - ey) * math.cos(angle)) < rng.uniform(0.5, 2.5)
            near = ((gx - ex) ** 2 + (gy - ey) ** 2) < (side * 0.4) ** 2
            scene[line & near] = rng.choice([0.05, 0.9])
    return camera(scene, rng), [text]


def noncompliant(rng):
    w, h = frame_size(rng)
    scene, alpha = background(rng, w, h), np.zeros((h, w), np.float32)
    text = payload(rng)
    n = modules(text, rng).shape[0]
    px = rng.uniform(2.5, max(3.0, min(w, h) * 0.7 / (n + 2)))
    kind = int(rng.integers(0, 5))
    opts = {}
    if kind == 0:
        opts = dict(quiet=int(rng.integers(0, 2)))
    elif kind == 1:
        opts = dict(dots=True)
    elif kind == 2:
        opts = dict(logo=True, levels="h")
    mods = modules(text, rng, opts.pop("levels", "lmqh"))
    if kind == 3:
        mods = 1 - mods  # light modules on a dark card
        opts = dict(quiet=int(rng.integers(1, 4)))
    tex, _ = card(mods, rng, **opts)
    if kind == 4:
        # Coloured print: dark and light inks whose grey differ little (e.g. blue on red).
        dark, light = rng.uniform(0.15, 0.35), rng.uniform(0.45, 0.7)
        tex = np.where(tex < 0.3, dark, light).astype(np.float32)
    if kind == 3:
        tex = (1.0 - tex) * 0.9 + 0.02
    side = tex.shape[1] * px / 6
    quad = projected_quad(rng, w / 2, h / 2, side, rng.uniform(0, 20), rng.uniform(-15, 15))
    if kind == 0:
        # Code printed straight onto a busy surface: clutter right up to its edge.
        scene = background(rng, w, h)
    paste(scene, alpha, tex, quad)
    return camera(scene, rng), [text]


def negative(rng):
    w, h = frame_size(rng)
    return camera(background(rng, w, h), rng), []


KINDS = [nominal, multi, exposure, perspective, rotation, screen, damage, noncompliant, negative]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--per-kind", type=int, default=30)
    parser.add_argument("--kinds", default=",".join(k.__name__ for k in KINDS))
    parser.add_argument("--photo-sizes", action="store_true", help="5-12 megapixel frames, as a phone's camera saves them")
    args = parser.parse_args()
    if args.photo_sizes:
        use_photo_sizes()
    wanted = args.kinds.split(",")
    os.makedirs(os.path.join(args.out, "texts"), exist_ok=True)
    rows = []
    for kind_index, kind in enumerate(KINDS):
        if kind.__name__ not in wanted:
            continue
        folder = kind.__name__ if kind is not negative else "falsepositives-synthetic"
        os.makedirs(os.path.join(args.out, folder), exist_ok=True)
        for i in range(args.per_kind):
            rng = np.random.default_rng([args.seed, kind_index, i])
            image, texts = kind(rng)
            name = f"{folder}/{i:03}.png"
            image.save(os.path.join(args.out, name), optimize=False)
            if not texts:
                rows.append((name, "", folder))
            for j, text in enumerate(texts):
                expected = f"texts/{folder}-{i:03}-{j:02}.txt"
                with open(os.path.join(args.out, expected), "w", encoding="utf-8", newline="") as f:
                    f.write(text)
                rows.append((name, expected, folder))
        print(f"{folder}: {args.per_kind} frames", flush=True)
    with open(os.path.join(args.out, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("image\texpected\tfolder\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
