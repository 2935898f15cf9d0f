"""Executes notebooks through the project's tslab kernel, headlessly.

Writes the executed copy, an HTML export and the results rows of each into the
output folder, prints one line per notebook and exits non-zero if any cell raised
an error. Called by `npm run notebooks` (scripts/run-notebooks.mjs) with .venv's Python.

Results rows: every results table (src/plot/resultsTable.ts) carries its rows as
JSON under RESULTS_MIME beside its HTML. They are read here, once, into
results/<notebook>.json; with --inplace also into notebooks/results/, which
scripts/readme-tables.mjs turns into README's results table.
"""
import argparse
import html
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

PLOTLY_MIME = "application/vnd.plotly.v1+json"
FIGURE_MIMES = ("image/png", PLOTLY_MIME)
RESULTS_MIME = "application/vnd.cnn-notebooks.results+json"


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
stopped_by = []  # the signal that stopped the run, when one did


def stop_on_signals() -> None:
    """SIGINT, SIGTERM or SIGHUP end the whole run, not just the notebook at work.

    While a notebook runs, nbclient answers SIGINT and SIGTERM itself by shutting its
    kernel down (the kernel runs in a session of its own, so nothing else would); this
    handler covers the moments around that, and SIGHUP. Either way `was_stopped` sees it.
    """

    def stop(signum, _frame):
        stopped_by.append(signal.Signals(signum).name)
        if signum == signal.SIGHUP:  # as a SIGTERM, which nbclient answers while a notebook runs
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise KeyboardInterrupt

    for sig in STOP_SIGNALS:
        signal.signal(sig, stop)


def was_stopped(client) -> str | None:
    if stopped_by:
        return stopped_by[0]
    # Set by nbclient's own SIGINT/SIGTERM handler when it shut the kernel down.
    return "a stop signal" if getattr(client, "_async_cleanup_kernel_future", None) is not None else None


def main() -> int:
    stop_on_signals()
    ap = argparse.ArgumentParser()
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--plotly-js", type=Path, required=True, help="plotly.js bundle inlined once per HTML export")
    ap.add_argument("--cell-timeout", type=int, default=-1, help="seconds per cell; -1 for none")
    ap.add_argument("--inplace", action="store_true", help="also write the executed notebook over its source, and its results to results/ beside it")
    args = ap.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    plotly_js = args.plotly_js.read_text(encoding="utf-8")
    failures = 0
    for path in args.notebooks:
        try:
            ok, line, stopped = run_one(path, args, plotly_js)
        except KeyboardInterrupt:  # outside nbclient's watch: between notebooks, or while exporting
            ok, stopped = False, stopped_by[0] if stopped_by else "SIGINT"
        if stopped:
            print(f"STOPPED {path.name} ({stopped}): its kernel was shut down; the notebook itself is unchanged", flush=True)
            return 130
        failures += 0 if ok else 1
        print(line, flush=True)
    print(f"{len(args.notebooks) - failures} passed, {failures} failed")
    return 1 if failures else 0


def run_one(path: Path, args, plotly_js: str):
    nb = nbformat.read(path, as_version=4)
    failed_cells = []
    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=None if args.cell_timeout < 0 else args.cell_timeout,
        resources={"metadata": {"path": str(path.parent.resolve())}},
        record_timing=True,
        on_cell_error=lambda cell, cell_index, execute_reply: failed_cells.append(cell_index),
    )
    started = time.time()
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = describe_error(nb, e, failed_cells[0] if failed_cells else None)
    except (CellTimeoutError, DeadKernelError) as e:
        error = f"{type(e).__name__}: {first_meaningful_line(str(e))}"
    except Exception as e:  # the kernel did not start, or the connection broke
        error = f"kernel problem: {type(e).__name__}: {first_meaningful_line(str(e))}"
    elapsed = time.time() - started
    stopped = was_stopped(client)
    if stopped:
        return False, "", stopped

    # A cell can print an error output without raising (e.g. an async failure
    # reported after the cell finished): count those as failures too.
    error_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    if error is None and error_cells:
        error = f"error output in cell {error_cells[0]}"

    tables = results_of(nb)
    if error is None and len(tables) < count_results_html(nb):
        error = (f"{count_results_html(nb)} results tables, {len(tables)} with their rows as {RESULTS_MIME}: "
                 "the library in dist/ is older than src/ (npm run setup rebuilds it)")

    executed = args.out / path.name
    nbformat.write(nb, executed)
    write_results(path.name, tables, args.out / "results")
    if args.inplace and error is None:
        nbformat.write(nb, path)
        write_results(path.name, tables, path.parent / "results")
    (args.out / (path.stem + ".html")).write_text(export_html(nb, plotly_js), encoding="utf-8")

    figures = sum(1 for c in nb.cells for o in c.get("outputs", []) if any(m in o.get("data", {}) for m in FIGURE_MIMES))
    status = "PASS" if error is None else "FAIL"
    line = f"{status} {path.name}  {elapsed:.1f} s  {len(nb.cells)} cells, {figures} figures"
    return error is None, line + ("" if error is None else f"  — {error}"), None


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


def results_of(nb) -> list:
    """The results tables' JSON ({source, rows}), in the order the notebook shows them."""
    return [out["data"][RESULTS_MIME] for cell in nb.cells for out in cell.get("outputs", []) if RESULTS_MIME in out.get("data", {})]


def count_results_html(nb) -> int:
    """How many outputs show a results table (to notice one that lacks its JSON)."""
    return sum(1 for c in nb.cells for o in c.get("outputs", []) if 'class="cnn-results"' in "".join(o.get("data", {}).get("text/html", "")))


def write_results(notebook: str, tables: list, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (Path(notebook).stem + ".json")
    partial = target.with_suffix(".json.partial")
    # The run mode travels with the rows: README says when its numbers come from a quick run.
    mode = "quick" if os.environ.get("CNN_QUICK", "").lower() in ("1", "true", "yes") else "full"
    record = {"notebook": notebook, "mode": mode, "tables": tables}
    partial.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(target)


def describe_error(nb, e: CellExecutionError, index) -> str:
    """Which cell failed and the first line of the real error.

    tslab replies with no error name or value: it writes a runtime error (message,
    then stack) or the TypeScript compiler's diagnostics to the cell's stderr, so the
    cause is read there; nbclient's own message only frames the cell's source.
    """
    if index is None:  # nbclient did not say: the first cell with an error output
        index = next((i for i, c in enumerate(nb.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    if index is None:
        return f"{e.ename}: {clip(e.evalue)}" if e.ename and e.ename != "<Error>" else last_meaningful_line(str(e))
    outs = nb.cells[index].get("outputs", [])
    err = next((o for o in outs if o.get("output_type") == "error" and o.get("ename")), None)
    if err is not None:
        return f"cell {index}: {err['ename']}: {clip(err.get('evalue', ''))}"
    stderr = "".join(o.get("text", "") for o in outs if o.get("name") == "stderr")
    if stderr.strip():
        return f"cell {index}: {error_line(stderr)}"
    if e.ename and e.ename != "<Error>":
        return f"cell {index}: {e.ename}: {clip(e.evalue)}"
    return f"cell {index}: error with no message"


ANSI = re.compile(r"\x1b\[[0-9;]*m")
NOISE = re.compile(r"^\s*$|^[-=_~*]{3,}\s*$|^\s+at\s")  # blank, a rule, a stack frame
ERROR_START = re.compile(r"^(\w*(Error|Exception)\b|Uncaught\b|(\S+ )?\d+:\d+ - )")  # an error, or tslab's "3:7 - message"


def meaningful_lines(text: str) -> list:
    return [line.strip() for line in ANSI.sub("", text).splitlines() if not NOISE.match(line)]


def error_line(stderr: str) -> str:
    """The first line that starts an error (warnings a cell printed before it are passed over), else the first meaningful line."""
    lines = meaningful_lines(stderr)
    return clip(next((l for l in lines if ERROR_START.match(l)), lines[0] if lines else "error with no message"))


def first_meaningful_line(text: str) -> str:
    lines = meaningful_lines(text)
    return clip(lines[0] if lines else text)


def last_meaningful_line(text: str) -> str:
    # nbclient's message ends with the error name and value, when the kernel sends them.
    lines = meaningful_lines(text)
    return clip(lines[-1] if lines else text)


def clip(s: str, limit: int = 1000) -> str:
    s = html.unescape(s.strip())
    return s if len(s) <= limit else s[: limit - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
