import { chromium, type Browser } from "playwright-core";
import { chromiumFlags, chromiumPath } from "./chromium";

/**
 * Debian's Chromium driven through playwright-core (no browser download), headless,
 * with the network off except for the test's own server on 127.0.0.1: a page that
 * still needs a CDN shows it by not rendering.
 */
export function launchBrowser(): Promise<Browser> {
  const args = chromiumFlags
    .filter((flag) => flag !== "--headless") // playwright passes its own headless flag
    .map((flag) => (flag.startsWith("--host-resolver-rules=") ? "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" : flag));
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}
