import { lsmagicMagic } from "./lsmagic";
import { parallelMagic } from "./parallel";
import { rooflineMagic } from "./roofline";
import { prunMagic } from "./prun";
import { timeitMagic } from "./timeit";
import type { MagicDeclaration } from "./types";

/** Every magic the kernel offers. A new magic: its own file, then one entry here (see registry.ts). */
export const builtinMagics: readonly MagicDeclaration[] = [lsmagicMagic, parallelMagic, prunMagic, rooflineMagic, timeitMagic];
