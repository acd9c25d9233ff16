"""What the benchmarks share (catalog, orders, webhooks). They run as
scripts (`python bench/run.py`), so this is imported as a sibling module."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BenchError(Exception):
    """The run itself failed (a server, a probe, a tool): exit status 1."""


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def git(*command) -> str:
    return subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def git_state() -> dict:
    """Which code was measured: the exported commit, or HEAD and how many
    files outside bench/ were changed in the working tree."""
    exported = os.environ.get("BENCH_EXPORTED_FROM")
    if exported:
        return {"commit": exported, "tree": "clean export of the commit (git archive), with bench/ of the working tree"}
    changed = [line for line in git("status", "--porcelain").splitlines() if line[3:].split("/")[0] != "bench"]
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "tree": "working tree",
        "uncommitted_changes_outside_bench": len(changed),
    }


def manage(env: dict, *command: str) -> str:
    """Run a manage.py command of the project with `env`; its output, or BenchError."""
    log("manage.py " + " ".join(command[:2]))
    result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(command[:2])} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_from_commit(commit: str, script: Path, argv: list[str], *, extra: list[str] = ()) -> int:
    """Benchmark a commit rather than the working tree (which others may be
    editing): export it with `git archive`, put `script`, this module and the
    `extra` bench files in it, and run `script` there with `argv` (which
    should name a results directory outside the export)."""
    exported = git("rev-parse", "--short", commit)
    if not exported:
        log(f"error: unknown commit {commit}")
        return 1
    with tempfile.TemporaryDirectory(prefix=f"souk-{script.stem}-") as tree:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", exported], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
        (Path(tree) / "bench").mkdir(exist_ok=True)
        for path in (script, Path(__file__), *(ROOT / "bench" / name for name in extra)):
            shutil.copy2(path, Path(tree) / "bench" / path.name)
        log(f"benchmarking commit {exported}, exported to {tree}")
        command = [sys.executable, str(Path(tree) / "bench" / script.name), *argv]
        # Run from the export: Celery puts the working directory first on sys.path.
        return subprocess.run(command, cwd=tree, env={**os.environ, "BENCH_EXPORTED_FROM": exported}).returncode


def report_write(results_dir: Path, name: str, report: dict) -> Path:
    """The run's report as results_dir/<name>.json; its path."""
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"{name}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return out
