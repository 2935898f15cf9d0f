"""Executes notebooks through the project's tslab kernel, headlessly.

Writes the executed copy and an HTML export of each into the output folder,
prints one line per notebook and exits non-zero if any cell raised an error.
Called by `npm run notebooks` (scripts/run-notebooks.mjs) with .venv's Python.
"""
import argparse
import html
import json
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

PLOTLY_MIME = "application/vnd.plotly.v1+json"
FIGURE_MIMES = ("image/png", PLOTLY_MIME)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--plotly-js", type=Path, required=True, help="plotly.js bundle inlined once per HTML export")
    ap.add_argument("--cell-timeout", type=int, default=-1, help="seconds per cell; -1 for none")
    ap.add_argument("--inplace", action="store_true", help="also write the executed notebook over its source")
    args = ap.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    plotly_js = args.plotly_js.read_text(encoding="utf-8")
    failures = 0
    for path in args.notebooks:
        ok, line = run_one(path, args, plotly_js)
        failures += 0 if ok else 1
        print(line, flush=True)
    print(f"{len(args.notebooks) - failures} passed, {failures} failed")
    return 1 if failures else 0


def run_one(path: Path, args, plotly_js: str):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=None if args.cell_timeout < 0 else args.cell_timeout,
        resources={"metadata": {"path": str(path.parent.resolve())}},
        record_timing=True,
    )
    started = time.time()
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = describe_error(nb, e)
    except (CellTimeoutError, DeadKernelError) as e:
        error = f"{type(e).__name__}: {first_line(str(e))}"
    except Exception as e:  # the kernel did not start, or the connection broke
        error = f"kernel problem: {type(e).__name__}: {first_line(str(e))}"
    elapsed = time.time() - started

    # A cell can print an error output without raising (e.g. an async failure
    # reported after the cell finished): count those as failures too.
    error_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    if error is None and error_cells:
        error = f"error output in cell {error_cells[0]}"

    executed = args.out / path.name
    nbformat.write(nb, executed)
    if args.inplace and error is None:
        nbformat.write(nb, path)
    (args.out / (path.stem + ".html")).write_text(export_html(nb, plotly_js), encoding="utf-8")

    figures = sum(1 for c in nb.cells for o in c.get("outputs", []) if any(m in o.get("data", {}) for m in FIGURE_MIMES))
    status = "PASS" if error is None else "FAIL"
    line = f"{status} {path.name}  {elapsed:.1f} s  {len(nb.cells)} cells, {figures} figures"
    return error is None, line + ("" if error is None else f"  — {error}")


def export_html(nb, plotly_js: str) -> str:
    """HTML export in which Plotly charts are drawn by one inlined plotly.js.

    nbconvert does not know Plotly's MIME type; each chart gets a text/html
    twin in a copy of the notebook (the saved .ipynb is left untouched).
    """
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            spec = out.get("data", {}).get(PLOTLY_MIME)
            if spec is None:
                continue
            n += 1
            div = f"plotly-chart-{n}"
            payload = json.dumps(spec).replace("</", "<\\/")
            out["data"]["text/html"] = (
                f'<div id="{div}"></div><script>(function(){{var s={payload};'
                f'Plotly.newPlot("{div}", s.data, s.layout || {{}}, s.config || {{}});}})();</script>'
            )
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    if n:
        body = body.replace("</head>", f"<script>{plotly_js}</script>\n</head>", 1)
    return body


def describe_error(nb, e: CellExecutionError) -> str:
    """The error name and value; for a TypeScript compile error (empty name under
    nbclient) the compiler's message, which tslab writes to stderr."""
    for i, cell in enumerate(nb.cells):
        outs = cell.get("outputs", [])
        err = next((o for o in outs if o.get("output_type") == "error"), None)
        if err is None:
            continue
        if err.get("ename"):
            return f"cell {i}: {err['ename']}: {first_line(err.get('evalue', ''))}"
        stderr = "".join(o.get("text", "") for o in outs if o.get("name") == "stderr")
        return f"cell {i}: {first_line(stderr) if stderr.strip() else 'error with no message'}"
    return first_line(str(e))


def first_line(s: str) -> str:
    lines = [l for l in s.strip().splitlines() if l.strip()]
    # nbclient's message ends with the error name and value; that is the useful part.
    return html.unescape(lines[-1] if lines else s)[:300]


if __name__ == "__main__":
    sys.exit(main())
