#!/usr/bin/env node
"use strict";
/**
 * Draws the kernelspec logos (logo-32x32.png, logo-64x64.png) and writes them
 * next to this script: TypeScript blue, with three white bars of different
 * lengths — work split across workers. Plain PNG (RGBA, zlib-deflated
 * scanlines, CRC-32 per chunk) so no image library is needed.
 * Run: node kernel/make-logos.js
 */
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { deflateSync } = require("node:zlib");

const BLUE = [0x31, 0x78, 0xc6, 0xff];
const WHITE = [0xff, 0xff, 0xff, 0xff];
const CLEAR = [0, 0, 0, 0];

function pixelAt(x, y, size) {
  const u = (x + 0.5) / size;
  const v = (y + 0.5) / size;
  const radius = 0.18;
  const cx = Math.min(Math.max(u, radius), 1 - radius);
  const cy = Math.min(Math.max(v, radius), 1 - radius);
  if ((u - cx) ** 2 + (v - cy) ** 2 > radius ** 2) return CLEAR; // rounded corners
  const bars = [
    { top: 0.24, length: 0.62 },
    { top: 0.44, length: 0.48 },
    { top: 0.64, length: 0.56 },
  ];
  for (const bar of bars) {
    if (v >= bar.top && v < bar.top + 0.12 && u >= 0.2 && u < 0.2 + bar.length) return WHITE;
  }
  return BLUE;
}

function png(size) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter type: none
    for (let x = 0; x < size; x++) Buffer.from(pixelAt(x, y, size)).copy(raw, row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

for (const size of [32, 64]) writeFileSync(join(__dirname, `logo-${size}x${size}.png`), png(size));
