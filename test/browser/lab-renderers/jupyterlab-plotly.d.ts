// jupyterlab-plotly ships JavaScript without declarations; this is the export the page uses.
declare module "jupyterlab-plotly/lib/plotly-renderer" {
  import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
  const extensions: IRenderMime.IExtension | IRenderMime.IExtension[];
  export default extensions;
}
