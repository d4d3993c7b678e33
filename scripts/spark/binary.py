"""The `truereach` binary on the driver: finding it, checking it runs and has the partial/merge
flags, and running its merge steps (`score --merge-issues`, `audit --merge`) over the partitions'
results, written to files in input order.
"""

import os
import subprocess
import sys

from .errors import CANNOT_OPEN, FAILURE, JobError

NEEDED_FLAGS = {"score": ["--issues-file", "--merge-issues", "--input-name", "--line-offset"],
                "audit": ["--partial", "--merge", "--input-name", "--line-offset"]}


def resolve(given, root):
    """`--binary` if given, else `.build/release/truereach` if built, else `.build/debug/truereach`."""
    if given:
        candidates = [given]
    else:
        candidates = [os.path.join(root, ".build", kind, "truereach") for kind in ("release", "debug")]
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
    if given:
        raise JobError(f"--binary {given}: no such executable file", CANNOT_OPEN)
    raise JobError(f"the truereach binary was not found (looked for {candidates[0]} and {candidates[1]}): "
                   "build it with `swift build -c release`, or pass --binary PATH", CANNOT_OPEN)


def check(binary, command):
    """Fails early, on the driver, if the binary does not run or lacks the flags the job needs."""
    try:
        result = subprocess.run([binary, command, "--help"], capture_output=True, text=True, timeout=120)
    except OSError as error:
        raise JobError(f"{binary} does not run here: {error}")
    if result.returncode != 0:
        raise JobError(f"{binary} does not run here (exit {result.returncode}): {result.stderr.strip()}")
    missing = [flag for flag in NEEDED_FLAGS[command] if flag not in result.stdout]
    if missing:
        raise JobError(f"{binary} is a build without `{command} {' '.join(missing)}` (issue 12): "
                       "rebuild it from this checkout, or pass --binary PATH")


def write_parts(directory, prefix, parts):
    """Writes the parts (bytes or text) as PREFIX-000000.json, ... in order; returns the names."""
    names = []
    for number, content in enumerate(parts):
        name = f"{prefix}-{number:06d}.json"
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(directory, name), mode) as file:
            file.write(content)
        names.append(name)
    return names


def run(binary, arguments, cwd, quiet_ok=False):
    """Runs the binary on the driver. Its standard output is passed through; on failure its
    standard error becomes the job's message (verbatim) and its exit code the job's."""
    result = subprocess.run([binary, *arguments], cwd=cwd, stdout=None, stderr=subprocess.PIPE)
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0:
        raise JobError(stderr or f"truereach exited with {result.returncode}\n",
                       result.returncode or FAILURE, from_binary=True)
    if stderr and not quiet_ok:
        sys.stderr.write(stderr)


def merge_issues(binary, summaries, limits, scratch):
    """`score --merge-issues` over the partitions' issue summaries, in input order."""
    names = write_parts(scratch, "issues", summaries)
    run(binary, ["score", "--merge-issues", *names, *limits], cwd=scratch)


def merge_audit(binary, partials, merge_options, scratch):
    """`audit --merge` over the partial audits, in input order."""
    names = write_parts(scratch, "partial", partials)
    run(binary, ["audit", "--merge", *names, *merge_options], cwd=scratch)
