// The operator's browser makes each poster's secret (format v2, docs/PROTOCOL.md "Who makes what"):
// on submitting a registration or reprint form it draws a 32-byte seed with WebCrypto, puts only
// SHA-256("healthpass/poster-commitment/v2" || 0x00 || seed) in the form, and keeps the seed in
// this tab's sessionStorage. On the page the server answers with (the signed public part), it
// appends the seed, builds the poster text, draws the QR code (qr.js) and offers the poster
// text, PNG, SVG and an A4 print view. The seed never leaves the browser except in those files.
'use strict';

(() => {
  const CONTEXT = new TextEncoder().encode('healthpass/poster-commitment/v2\u0000');
  const SEED_KEY = 'healthpass-poster-seed:';
  /** Modules of white around the code, as ISO/IEC 18004 asks. */
  const QUIET = 4;
  /** Pixels per module in the PNG. */
  const PNG_SCALE = 8;

  const toBase64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const fromBase64url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

  /** The commitment to `seed` the registry signs, as unpadded base64url. */
  async function commitment(seed) {
    const message = new Uint8Array(CONTEXT.length + seed.length);
    message.set(CONTEXT);
    message.set(seed, CONTEXT.length);
    return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', message)));
  }

  /** Registration and reprint forms: a fresh seed for every submission, its commitment sent. */
  for (const form of document.querySelectorAll('form[data-poster-form]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const seed = crypto.getRandomValues(new Uint8Array(32));
      const committed = await commitment(seed);
      sessionStorage.setItem(SEED_KEY + committed, toBase64url(seed));
      form.querySelector('input[name=commitment]').value = committed;
      form.submit();
    });
  }

  /** The QR code of `text` as an SVG element, `modules` wide plus the quiet zone. */
  function qrSvg(code, title) {
    const ns = 'http://www.w3.org/2000/svg';
    const side = code.size + 2 * QUIET;
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('xmlns', ns);
    svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
    svg.setAttribute('shape-rendering', 'crispEdges');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', title);
    const background = document.createElementNS(ns, 'rect');
    background.setAttribute('width', side);
    background.setAttribute('height', side);
    background.setAttribute('fill', '#fff');
    svg.appendChild(background);
    let d = '';
    for (let y = 0; y < code.size; y += 1) {
      for (let x = 0; x < code.size; x += 1) if (code.dark(x, y)) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
    }
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', '#000');
    svg.appendChild(path);
    return svg;
  }

  /** The QR code as a PNG data URL. */
  function qrPng(code) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = (code.size + 2 * QUIET) * PNG_SCALE;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#000';
    for (let y = 0; y < code.size; y += 1) {
      for (let x = 0; x < code.size; x += 1) {
        if (code.dark(x, y)) context.fillRect((x + QUIET) * PNG_SCALE, (y + QUIET) * PNG_SCALE, PNG_SCALE, PNG_SCALE);
      }
    }
    return canvas.toDataURL('image/png');
  }

  /** Makes `link` download `href` as `filename` and shows it. */
  function offer(id, href, filename) {
    const link = document.getElementById(id);
    link.href = href;
    link.download = filename;
    link.hidden = false;
  }

  /** The page after registering or reprinting: assemble the poster from the reply and the seed. */
  async function assemble(section) {
    const { signed, baseUrl, commitment: committed, venueId, qrLabel } = section.dataset;
    const kept = sessionStorage.getItem(SEED_KEY + committed);
    const seed = kept && fromBase64url(kept);
    if (!seed || (await commitment(seed)) !== committed) {
      document.getElementById('poster-lost').hidden = false;
      return;
    }
    const publicPart = fromBase64url(signed);
    const payload = new Uint8Array(publicPart.length + seed.length);
    payload.set(publicPart);
    payload.set(seed, publicPart.length);
    const text = `${baseUrl}#${toBase64url(payload)}`;
    const code = encode(new TextEncoder().encode(text));
    for (const place of document.querySelectorAll('.poster-qr')) place.appendChild(qrSvg(code, qrLabel));
    const svgText = new XMLSerializer().serializeToString(qrSvg(code, qrLabel));
    offer('poster-text', `data:text/plain;charset=utf-8,${encodeURIComponent(`${text}\n`)}`, `poster-${venueId}.txt`);
    offer('poster-png', qrPng(code), `poster-${venueId}.png`);
    offer('poster-svg', `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`, `poster-${venueId}.svg`);
    const print = document.getElementById('poster-print');
    print.hidden = false;
    print.addEventListener('click', () => window.print());
    document.getElementById('poster-ready').hidden = false;
    // The page holds the seed from here on; the tab's storage need not.
    sessionStorage.removeItem(SEED_KEY + committed);
  }

  const section = document.getElementById('poster');
  if (section) assemble(section);
})();
