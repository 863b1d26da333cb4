import { createHmac, timingSafeEqual } from "node:crypto";
import { ProtocolError } from "./errors";

/**
 * Signs and verifies messages as the connection file says.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 * "The signature is the HMAC hex digest of the concatenation of: header,
 * parent_header, metadata, content" — and an empty key disables signing.
 */
export interface Signer {
  /** Hex digest over the four JSON frames, or "" when signing is disabled. */
  sign(frames: readonly Buffer[]): string;
  /** True when `signature` matches; compared in constant time. */
  verify(frames: readonly Buffer[], signature: string): boolean;
}

/** Jupyter spells schemes "hmac-<hash>"; we accept every hash node's crypto knows. */
export function createSigner(key: string, signatureScheme = "hmac-sha256"): Signer {
  if (key === "") return unsignedSigner;
  const match = /^hmac-([a-z0-9-]+)$/i.exec(signatureScheme);
  if (!match) throw new ProtocolError(`unsupported signature_scheme "${signatureScheme}" (expected hmac-<hash>)`);
  const algorithm = match[1]!.toLowerCase();
  const sign = (frames: readonly Buffer[]): string => {
    const hmac = createHmac(algorithm, key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest("hex");
  };
  sign([]); // fails now, with node's own message, if the hash is unknown
  return {
    sign,
    verify(frames, signature) {
      const expected = Buffer.from(sign(frames), "latin1");
      const given = Buffer.from(signature, "latin1");
      // timingSafeEqual needs equal lengths; comparing with itself keeps the time independent of `given`.
      if (given.length !== expected.length) return timingSafeEqual(expected, expected) && false;
      return timingSafeEqual(expected, given);
    },
  };
}

const unsignedSigner: Signer = {
  sign: () => "",
  verify: () => true,
};
