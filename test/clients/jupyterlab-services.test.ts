import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { KernelMessage, ServerConnection, Session, SessionManager, KernelManager } from "@jupyterlab/services";
import WebSocket from "ws";
import { installKernelspecInTempPrefix, InstalledKernelspec } from "../support/kernelspec";
import { RunningJupyterServer, startJupyterServer } from "../support/jupyter-server";

/** Runs one cell and gathers its iopub messages until the reply arrives. */
async function execute(session: Session.ISessionConnection, code: string) {
  const kernel = session.kernel;
  assert.ok(kernel, "session has a kernel");
  const future = kernel.requestExecute({ code });
  const iopub: KernelMessage.IIOPubMessage[] = [];
  future.onIOPub = (msg) => { iopub.push(msg); };
  const reply = await future.done;
  return { reply: reply.content, iopub };
}

function resultText(iopub: KernelMessage.IIOPubMessage[]): unknown {
  const result = iopub.find((m) => m.header.msg_type === "execute_result");
  return result ? (result.content as KernelMessage.IExecuteResultMsg["content"]).data["text/plain"] : undefined;
}

describe("the kernel behind a real jupyter_server, through @jupyterlab/services", () => {
  let spec: InstalledKernelspec;
  let server: RunningJupyterServer;
  let sessions: SessionManager;
  let kernels: KernelManager;
  let session: Session.ISessionConnection;

  before(async () => {
    spec = installKernelspecInTempPrefix();
    server = await startJupyterServer(spec.jupyterPath);
    const serverSettings = ServerConnection.makeSettings({
      baseUrl: server.baseUrl,
      wsUrl: server.wsUrl,
      token: server.token,
      appendToken: true,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    kernels = new KernelManager({ serverSettings });
    sessions = new SessionManager({ kernelManager: kernels, serverSettings });
    session = await sessions.startNew({ path: "probe.ipynb", type: "notebook", name: "probe.ipynb",
                                        kernel: { name: "tsparallel" } });
  });

  after(async () => {
    await session?.shutdown().catch(() => undefined);
    sessions?.dispose();
    kernels?.dispose();
    await server?.stop();
    spec?.remove();
  });

  it("reports itself as a TypeScript kernel", async () => {
    const info = await session.kernel!.info;
    assert.equal(info.language_info.name, "typescript");
    assert.equal(info.language_info.file_extension, ".ts");
    assert.equal(info.protocol_version, "5.3");
  });

  it("executes cells and keeps state", async () => {
    await execute(session, "const base = 40;");
    const { reply, iopub } = await execute(session, "base + 2");
    assert.equal(reply.status, "ok");
    assert.equal(resultText(iopub), "42");
  });

  it("completes and inspects from the TypeScript language service", async () => {
    const code = "const completeMeValue = 1;\ncompleteMe";
    const completion = await session.kernel!.requestComplete({ code, cursor_pos: code.length });
    assert.equal(completion.content.status, "ok");
    if (completion.content.status === "ok") assert.ok(completion.content.matches.includes("completeMeValue"));
    const inspection = await session.kernel!.requestInspect({ code: "Math.max", cursor_pos: 8, detail_level: 0 });
    assert.equal(inspection.content.status, "ok");
    if (inspection.content.status === "ok") {
      assert.equal(inspection.content.found, true);
      assert.match(String(inspection.content.data["text/plain"]), /max/);
    }
  });

  it("answers history requests", async () => {
    await execute(session, "'remember me'");
    const history = await session.kernel!.requestHistory({ hist_access_type: "tail", n: 5, output: false,
                                                            raw: true });
    assert.equal(history.content.status, "ok");
    const inputs = (history.content as { history: [number, number, string][] }).history.map((h) => h[2]);
    assert.ok(inputs.includes("'remember me'"));
  });

  it("interrupts a busy loop and stays usable", async () => {
    const kernel = session.kernel!;
    await execute(session, "const kept = 'kept';");
    const future = kernel.requestExecute({ code: "while (true) {}" });
    await new Promise((r) => setTimeout(r, 1000));
    await kernel.interrupt();
    const reply = await future.done;
    assert.equal(reply.content.status, "error");
    if (reply.content.status === "error") assert.equal(reply.content.ename, "KeyboardInterrupt");
    const { iopub } = await execute(session, "kept");
    assert.equal(resultText(iopub), "'kept'");
  });

  it("restarts with a clean state", async () => {
    await execute(session, "const goneAfterRestart = 1;");
    await session.kernel!.restart();
    const { reply } = await execute(session, "goneAfterRestart");
    assert.equal(reply.status, "error");
    if (reply.status === "error") assert.match(reply.evalue, /Cannot find name 'goneAfterRestart'/);
  });

  it("shuts down", async () => {
    const kernelId = session.kernel!.id;
    await session.shutdown();
    const running = await fetch(`${server.baseUrl}api/kernels?token=${server.token}`).then((r) => r.json());
    assert.ok(!(running as { id: string }[]).some((k) => k.id === kernelId));
  });
});
