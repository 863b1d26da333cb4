/**
 * Failures at the protocol edge. Both are reported (logged, or answered with an
 * error reply) and never stop the kernel.
 */

/** A message that does not have the shape the messaging spec requires; the text names the field. */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
}

/** A message whose HMAC does not match: not ours, or tampered with. It must not be acted on. */
export class SignatureError extends Error {
  override readonly name = "SignatureError";
}
