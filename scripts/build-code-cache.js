// Makes the converter's V8 code cache for TypeScript (src/execution/code-cache.ts) at build
// time, so that the first kernel start after an install or a TypeScript upgrade has it too.
// It starts the converter as the kernel does and waits for its warm-up, after which the
// converter writes the cache when none fits the installed TypeScript.
const path = require("node:path");
const { startConverter } = require(path.join(__dirname, "..", "dist", "src", "execution", "converter-client.js"));

async function main() {
  const converter = startConverter(path.join(__dirname, ".."));
  try {
    await converter.request({ op: "isComplete", src: "1" });
  } finally {
    await converter.close();
  }
}

main().catch((error) => {
  process.stderr.write(`build:code-cache failed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
