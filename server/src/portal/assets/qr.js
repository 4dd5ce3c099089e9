// A QR code encoder (ISO/IEC 18004, byte mode, error correction level Q — the level our printed
// posters use), written for the portal so the operator's browser can draw a poster whose text
// holds a secret the server never sees. No dependencies; used by poster.js.
'use strict';

/** Error-correction codewords per block at level Q, versions 1–40 (ISO/IEC 18004 Table 9). */
const EC_Q = [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30,
  30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30];
/** Data codewords per block and block counts at level Q: [size 1, count 1, size 2, count 2] (Table 9). */
const BLOCKS_Q = [[13, 1, 0, 0], [22, 1, 0, 0], [17, 2, 0, 0], [24, 2, 0, 0], [15, 2, 16, 2], [19, 4, 0, 0], [14, 2, 15, 4],
  [18, 4, 19, 2], [16, 4, 17, 4], [19, 6, 20, 2], [22, 4, 23, 4], [20, 4, 21, 6], [20, 8, 21, 4], [16, 11, 17, 5],
  [24, 5, 25, 7], [19, 15, 20, 2], [22, 1, 23, 15], [22, 17, 23, 1], [21, 17, 22, 4], [24, 15, 25, 5], [22, 17, 23, 6],
  [24, 7, 25, 16], [24, 11, 25, 14], [24, 11, 25, 16], [24, 7, 25, 22], [22, 28, 23, 6], [23, 8, 24, 26], [24, 4, 25, 31],
  [23, 1, 24, 37], [24, 15, 25, 25], [24, 42, 25, 1], [24, 10, 25, 35], [24, 29, 25, 19], [24, 44, 25, 7], [24, 39, 25, 14],
  [24, 46, 25, 10], [24, 49, 25, 10], [24, 48, 25, 14], [24, 43, 25, 22], [24, 34, 25, 34]];
/** Format bits of level Q. */
const LEVEL_Q_BITS = 3;

/** GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1: exp and log tables. */
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i += 1) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i += 1) EXP[i] = EXP[i - 255];
const multiply = (a, b) => (a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]]);

/** The Reed–Solomon remainder of `data` for `degree` error-correction codewords. */
function errorCorrection(data, degree) {
  // Generator (x - α^0)(x - α^1)…(x - α^(degree-1)), highest coefficient (1) left out.
  let generator = [1];
  for (let i = 0; i < degree; i += 1) {
    const next = new Array(generator.length + 1).fill(0);
    generator.forEach((c, j) => {
      next[j] ^= c;
      next[j + 1] ^= multiply(c, EXP[i]);
    });
    generator = next;
  }
  const remainder = new Array(degree).fill(0);
  for (const byte of data) {
    const factor = byte ^ remainder.shift();
    remainder.push(0);
    for (let j = 0; j < degree; j += 1) remainder[j] ^= multiply(generator[j + 1], factor);
  }
  return remainder;
}

/** The codewords of `bytes` in version `version`: data and error correction, interleaved. */
function codewords(bytes, version) {
  const [size1, count1, size2, count2] = BLOCKS_Q[version - 1];
  const capacity = size1 * count1 + size2 * count2;
  const bits = [];
  const push = (value, length) => { for (let i = length - 1; i >= 0; i -= 1) bits.push((value >>> i) & 1); };
  push(0b0100, 4);
  push(bytes.length, version < 10 ? 8 : 16);
  bytes.forEach((b) => push(b, 8));
  push(0, Math.min(4, capacity * 8 - bits.length));
  push(0, (8 - (bits.length % 8)) % 8);
  const data = [];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
  for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad);
  const blocks = [];
  let offset = 0;
  for (const [size, count] of [[size1, count1], [size2, count2]]) {
    for (let i = 0; i < count; i += 1) {
      const block = data.slice(offset, offset + size);
      offset += size;
      blocks.push({ data: block, ec: errorCorrection(block, EC_Q[version - 1]) });
    }
  }
  const out = [];
  for (let i = 0; i < Math.max(size1, size2); i += 1) blocks.forEach((b) => { if (i < b.data.length) out.push(b.data[i]); });
  for (let i = 0; i < EC_Q[version - 1]; i += 1) blocks.forEach((b) => out.push(b.ec[i]));
  return out;
}

/** Centres of the alignment patterns of `version` (one axis). */
function alignmentCentres(version) {
  if (version === 1) return [];
  const size = version * 4 + 17;
  const count = Math.floor(version / 7) + 2;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const centres = [6];
  for (let position = size - 7; centres.length < count; position -= step) centres.splice(1, 0, position);
  return centres;
}

/** BCH remainder of `value` (already shifted) by `generator` of degree `degree`. */
function bch(value, generator, degree) {
  let v = value;
  for (let bit = 31 - Math.clz32(v); bit >= degree; bit = 31 - Math.clz32(v)) v ^= generator << (bit - degree);
  return v;
}

const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** The QR code of `bytes` (a Uint8Array): `{ size, dark(x, y) }`. Throws if it does not fit. */
function encode(bytes) {
  let version = 1;
  const fits = (v) => {
    const [s1, c1, s2, c2] = BLOCKS_Q[v - 1];
    return 4 + (v < 10 ? 8 : 16) + bytes.length * 8 <= (s1 * c1 + s2 * c2) * 8;
  };
  while (version <= 40 && !fits(version)) version += 1;
  if (version > 40) throw new Error('the text does not fit in a QR code');
  const size = version * 4 + 17;
  const grid = Array.from({ length: size }, () => new Array(size).fill(false));
  const fixed = Array.from({ length: size }, () => new Array(size).fill(false));
  const set = (x, y, dark) => { grid[y][x] = dark; fixed[y][x] = true; };

  for (let i = 0; i < size; i += 1) { set(6, i, i % 2 === 0); set(i, 6, i % 2 === 0); }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) {
    for (let dy = -4; dy <= 4; dy += 1) {
      for (let dx = -4; dx <= 4; dx += 1) {
        const x = cx + dx;
        const y = cy + dy;
        const ring = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, ring !== 2 && ring !== 4);
      }
    }
  }
  const centres = alignmentCentres(version);
  for (const cy of centres) {
    for (const cx of centres) {
      if ((cx === 6 && cy === 6) || (cx === 6 && cy === size - 7) || (cx === size - 7 && cy === 6)) continue;
      for (let dy = -2; dy <= 2; dy += 1) for (let dx = -2; dx <= 2; dx += 1) set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }
  }
  const drawFormat = (mask) => {
    const data = (LEVEL_Q_BITS << 3) | mask;
    const bits = ((data << 10) | bch(data << 10, 0x537, 10)) ^ 0x5412;
    const bit = (i) => ((bits >>> i) & 1) === 1;
    for (let i = 0; i <= 5; i += 1) set(8, i, bit(i));
    set(8, 7, bit(6));
    set(8, 8, bit(7));
    set(7, 8, bit(8));
    for (let i = 9; i < 15; i += 1) set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i += 1) set(size - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i += 1) set(8, size - 15 + i, bit(i));
    set(8, size - 8, true);
  };
  drawFormat(0);
  if (version >= 7) {
    const bits = (version << 12) | bch(version << 12, 0x1f25, 12);
    for (let i = 0; i < 18; i += 1) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      set(a, b, dark);
      set(b, a, dark);
    }
  }

  const words = codewords(Array.from(bytes), version);
  let index = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vertical = 0; vertical < size; vertical += 1) {
      for (let j = 0; j < 2; j += 1) {
        const x = right - j;
        const y = ((right + 1) & 2) === 0 ? size - 1 - vertical : vertical;
        if (!fixed[y][x] && index < words.length * 8) {
          grid[y][x] = ((words[index >>> 3] >>> (7 - (index & 7))) & 1) === 1;
          index += 1;
        }
      }
    }
  }

  const applyMask = (mask) => {
    for (let y = 0; y < size; y += 1) for (let x = 0; x < size; x += 1) if (!fixed[y][x] && MASKS[mask](x, y)) grid[y][x] = !grid[y][x];
  };
  let best = 0;
  let bestPenalty = Infinity;
  for (let mask = 0; mask < 8; mask += 1) {
    applyMask(mask);
    drawFormat(mask);
    const score = penalty(grid, size);
    if (score < bestPenalty) { best = mask; bestPenalty = score; }
    applyMask(mask);
  }
  applyMask(best);
  drawFormat(best);
  return { size, dark: (x, y) => grid[y][x] };
}

/** The mask penalty of ISO/IEC 18004 §7.8.3 (runs, 2×2 blocks, finder-like patterns, balance). */
function penalty(grid, size) {
  let score = 0;
  let dark = 0;
  const line = (get) => {
    let run = 1;
    let s = 0;
    for (let i = 1; i <= size; i += 1) {
      if (i < size && get(i) === get(i - 1)) { run += 1; continue; }
      if (run >= 5) s += run - 2;
      run = 1;
    }
    const text = Array.from({ length: size }, (_, i) => (get(i) ? '1' : '0')).join('');
    for (const pattern of ['10111010000', '00001011101']) for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) s += 40;
    return s;
  };
  for (let i = 0; i < size; i += 1) {
    score += line((j) => grid[i][j]) + line((j) => grid[j][i]);
    for (let j = 0; j < size; j += 1) {
      if (grid[i][j]) dark += 1;
      if (i + 1 < size && j + 1 < size && grid[i][j] === grid[i][j + 1] && grid[i][j] === grid[i + 1][j] && grid[i][j] === grid[i + 1][j + 1]) score += 3;
    }
  }
  return score + Math.floor(Math.abs(dark * 20 - size * size * 10) / (size * size)) * 10;
}

if (typeof module !== 'undefined') module.exports = { encode };
