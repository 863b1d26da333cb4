import { ProtocolError } from "./errors";
import { isJsonObject } from "./validate";

/**
 * The connection file Jupyter writes for each kernel it starts.
 * https://jupyter-client.readthedocs.io/en/stable/kernels.html#connection-files
 */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  control_port: number;
  iopub_port: number;
  stdin_port: number;
  hb_port: number;
}

export type ChannelPort = "shell_port" | "control_port" | "iopub_port" | "stdin_port" | "hb_port";

const PORTS: readonly ChannelPort[] = ["shell_port", "control_port", "iopub_port", "stdin_port", "hb_port"];

/** Parses and checks a connection file's text; the error names the offending field. */
export function parseConnectionInfo(text: string): ConnectionInfo {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProtocolError(`connection file is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(value)) throw new ProtocolError("connection file must hold a JSON object");
  const transport = value.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") throw new ProtocolError(`connection file "transport" must be "tcp" or "ipc", not ${JSON.stringify(transport)}`);
  if (typeof value.ip !== "string" || value.ip === "") throw new ProtocolError('connection file is missing "ip"');
  const key = value.key ?? "";
  if (typeof key !== "string") throw new ProtocolError('connection file "key" must be a string');
  const scheme = value.signature_scheme ?? "hmac-sha256";
  if (typeof scheme !== "string") throw new ProtocolError('connection file "signature_scheme" must be a string');
  const info: Partial<ConnectionInfo> = { transport, ip: value.ip, key, signature_scheme: scheme };
  for (const port of PORTS) {
    const n = value[port];
    if (typeof n !== "number" || !Number.isInteger(n) || n <= 0 || n > 65535) {
      throw new ProtocolError(`connection file "${port}" must be a port number (1-65535), not ${JSON.stringify(n)}`);
    }
    info[port] = n;
  }
  return info as ConnectionInfo;
}

/**
 * The ZeroMQ endpoint for one channel, exactly where the connection file says.
 * For ipc, jupyter_client names the socket file "<ip>-<port>".
 */
export function endpointFor(info: ConnectionInfo, port: ChannelPort): string {
  return info.transport === "ipc" ? `ipc://${info.ip}-${info[port]}` : `tcp://${info.ip}:${info[port]}`;
}
