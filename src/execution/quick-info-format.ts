import type { MimeBundle } from "../cell/mime";
import type { QuickInfo } from "./converter-protocol";

/**
 * An inspect_reply bundle from TypeScript's hover information: the signature, its
 * documentation, and (at detail level 1, IPython's `??`) the JSDoc tags too.
 */
export function quickInfoBundle(info: QuickInfo, detailLevel: 0 | 1): MimeBundle {
  const tags = detailLevel === 1 ? info.tags : info.tags.filter((tag) => tag.name === "param" || tag.name === "returns");
  const plainTags = tags.map((tag) => `@${tag.name} ${tag.text}`.trimEnd());
  const plain = [info.signature, info.documentation, plainTags.join("\n")].filter((part) => part !== "").join("\n\n");
  const markdownTags = tags.map((tag) => `*@${tag.name}* ${tag.text}`.trimEnd());
  const markdown = ["```typescript\n" + info.signature + "\n```", info.documentation, markdownTags.join("  \n")]
    .filter((part) => part !== "")
    .join("\n\n");
  const htmlTags = tags.map((tag) => `<li><em>@${escapeHtml(tag.name)}</em> ${escapeHtml(tag.text)}</li>`).join("");
  const html =
    `<pre><code class="language-typescript">${escapeHtml(info.signature)}</code></pre>` +
    (info.documentation ? `<p>${escapeHtml(info.documentation)}</p>` : "") +
    (htmlTags ? `<ul>${htmlTags}</ul>` : "");
  return { "text/plain": plain, "text/markdown": markdown, "text/html": html };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
