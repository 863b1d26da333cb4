import type { KernelMessage } from "@jupyterlab/services";
import { PROTOCOL_VERSION } from "../protocol";

/** What kernel_info_reply reports; versions are read by the caller (cheap file reads, no TypeScript load). */
export interface KernelIdentity {
  implementationVersion: string;
  /** The TypeScript version of the compiler cells go through. */
  typescriptVersion: string;
}

/** https://jupyter-client.readthedocs.io/en/stable/messaging.html#kernel-info */
export function kernelInfoContent(identity: KernelIdentity): KernelMessage.IInfoReply {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "tsparallel",
    implementation_version: identity.implementationVersion,
    language_info: {
      name: "typescript",
      version: identity.typescriptVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: "typescript",
      pygments_lexer: "typescript",
    },
    banner: `tsparallel ${identity.implementationVersion} — TypeScript ${identity.typescriptVersion} on Node.js ${process.versions.node}`,
    help_links: [
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "Node.js API", url: "https://nodejs.org/api/" },
    ],
  };
}
