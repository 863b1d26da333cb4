import { ProtocolError } from "./errors";
import type { Header, JsonObject } from "./messages";

/**
 * Shape checks at the edge. Each failure names the missing or mistyped field, as
 * jupyterlab's `validate.ts` does, so a client author can see what to fix.
 */

/** What a kernel needs to route and answer a message. */
const REQUIRED_HEADER_FIELDS = ["msg_id", "msg_type"] as const;

/**
 * The spec lists these too, but ipykernel answers a request without them, and a
 * client that leaves one out must not wait forever on a kernel that dropped its
 * request: absent is accepted, present must be a string.
 */
const OPTIONAL_HEADER_FIELDS = ["session", "username", "version", "date"] as const;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function validateHeader(value: unknown, where = "header"): Header {
  if (!isJsonObject(value)) throw new ProtocolError(`${where} must be a JSON object`);
  for (const field of REQUIRED_HEADER_FIELDS) {
    if (!(field in value)) throw new ProtocolError(`${where} is missing "${field}"`);
    if (typeof value[field] !== "string") throw new ProtocolError(`${where}.${field} must be a string`);
  }
  for (const field of OPTIONAL_HEADER_FIELDS) {
    if (field in value && typeof value[field] !== "string") throw new ProtocolError(`${where}.${field} must be a string`);
  }
  if (value.msg_id === "") throw new ProtocolError(`${where}.msg_id must not be empty`);
  if (value.msg_type === "") throw new ProtocolError(`${where}.msg_type must not be empty`);
  return value as unknown as Header;
}

/** parent_header is `{}` for a message that answers nothing, else a full header. */
export function validateParentHeader(value: unknown): Header | Record<string, never> {
  if (!isJsonObject(value)) throw new ProtocolError("parent_header must be a JSON object");
  if (Object.keys(value).length === 0) return {};
  return validateHeader(value, "parent_header");
}

export function validateObject(value: unknown, where: string): JsonObject {
  if (!isJsonObject(value)) throw new ProtocolError(`${where} must be a JSON object`);
  return value;
}

type FieldKind = "string" | "number" | "boolean" | "object";

/** The value of a required content field; throws naming `msgType.field` when absent or of the wrong type. */
export function requireField<K extends FieldKind>(content: JsonObject, field: string, kind: K, msgType: string): FieldValue<K> {
  if (!(field in content) || content[field] === undefined) {
    throw new ProtocolError(`${msgType} content is missing "${field}"`);
  }
  return checkKind(content[field], kind, `${msgType} content.${field}`);
}

/** The value of an optional content field, or `fallback` when absent or null. */
export function optionalField<K extends FieldKind>(content: JsonObject, field: string, kind: K, msgType: string, fallback: FieldValue<K>): FieldValue<K> {
  const value = content[field];
  if (value === undefined || value === null) return fallback;
  return checkKind(value, kind, `${msgType} content.${field}`);
}

type FieldValue<K extends FieldKind> = K extends "string" ? string : K extends "number" ? number : K extends "boolean" ? boolean : JsonObject;

function checkKind<K extends FieldKind>(value: unknown, kind: K, where: string): FieldValue<K> {
  const ok = kind === "object" ? isJsonObject(value) : kind === "number" ? typeof value === "number" && Number.isFinite(value) : typeof value === kind;
  if (!ok) throw new ProtocolError(`${where} must be a ${kind}`);
  return value as FieldValue<K>;
}
