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

/** A correctly signed message whose signature was already seen: a copy sent again. It must not be acted on twice. */
export class ReplayError extends Error {
  override readonly name = "ReplayError";
}

/** The log phrase for a message `decode` refused, by why it was refused. */
export function refusalOf(error: unknown): string {
  if (error instanceof SignatureError) return "rejected a message with a bad signature";
  if (error instanceof ReplayError) return "rejected a replayed message";
  return "ignored a malformed message";
}
