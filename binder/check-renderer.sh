#!/usr/bin/env bash
# Fails the image build if JupyterLab would not have the plotly renderer: figures would
# then fall back to their inlined HTML, which works but is not what Binder should show.
set -euo pipefail
extensions="$(jupyter labextension list 2>&1)"
if ! grep -q "jupyterlab-plotly.*enabled" <<<"$extensions"; then
  echo "jupyterlab-plotly is not enabled in JupyterLab:" >&2
  echo "$extensions" >&2
  exit 1
fi
echo "jupyterlab-plotly renderer: enabled"
