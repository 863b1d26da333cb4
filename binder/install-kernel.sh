#!/usr/bin/env bash
# Registers the tsparallel kernel with the Jupyter that serves the notebooks.
# repo2docker sets NB_PYTHON_PREFIX to the environment JupyterLab runs from; a kernelspec
# under its share/jupyter/kernels is found with no JUPYTER_PATH. Elsewhere, for the user.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${NB_PYTHON_PREFIX:-}" ]]; then
  node dist/src/cli.js install --prefix "$NB_PYTHON_PREFIX"
else
  node dist/src/cli.js install --user
fi
