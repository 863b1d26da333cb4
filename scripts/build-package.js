#!/usr/bin/env node
// `npm pack` / `npm publish` run this (package.json "prepack"): a fresh build of
// exactly what the package ships, so a clean clone packs a package that runs,
// and a working tree cannot ship compiled files whose sources were deleted.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const run = (...args) => execFileSync(process.execPath, args, { cwd: root, stdio: "inherit" });

for (const dir of ["dist/src", "dist/wasm"]) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
run(path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.package.json");
run(path.join(root, "scripts", "build-wasm.js"));
