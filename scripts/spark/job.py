"""What the score and audit jobs share: the binary, the Spark session, the shipped files, the
plan of partitions, the options every partition runs with, and the translation of a failed Spark
action into the binary's own message.
"""

import datetime
import glob
import os
import sys
import time

from . import binary, formats, inputs, partition, plan, session
from .errors import FAILURE, JobError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Job:
    """One run of `spark-job score|audit`: use as a context manager (stops Spark, removes scratch)."""

    def __init__(self, args, command):
        self.args = args
        self.command = command
        self.timings = {}
        self.binary = binary.resolve(args.binary, ROOT)
        binary.check(self.binary, command)
        # One reference date for every partition, even across midnight (the binary's default is today).
        self.as_of = args.as_of or datetime.datetime.now(datetime.timezone.utc).date().isoformat()

    def __enter__(self):
        self.started = time.monotonic()
        self.scratch_context = session.Scratch()
        self.scratch = self.scratch_context.__enter__()
        try:
            self.spark = session.start(self.args.master, f"truereach-{self.command}")
        except BaseException:
            self.scratch_context.__exit__(None, None, None)
            raise
        self.sc = self.spark.sparkContext
        self.binary_name = session.ship_file(self.sc, self.binary)
        session.ship_package(self.sc, self.scratch)
        self.mark("start")
        return self

    def __exit__(self, *exc):
        try:
            self.spark.stop()
        finally:
            self.scratch_context.__exit__(*exc)
        return False

    def say(self, message):
        if not self.args.quiet:
            print(f"spark-job: {message}", file=sys.stderr)

    def mark(self, phase):
        """Records the seconds since the last mark under `phase`."""
        now = time.monotonic()
        self.timings[phase] = now - getattr(self, "last_mark", self.started)
        self.last_mark = now

    def plan(self):
        files = inputs.list_inputs(self.sc, self.args.input, self.args.input_format)
        detect = None if self.args.input_format else self.file_format
        built = plan.build(self.sc, files, self.args.partitions, say=self.say, detect=detect)
        self.pieces = self.sc.broadcast(built.pieces)
        self.mark("plan")
        self.say(f"{self.command}: {built.describe()} on {self.args.master}")
        return built

    def file_format(self, file):
        """The format a split JSON-lines file is read as after its first partition (formats.py)."""
        head, _ = inputs.read_head(self.sc, file.uri, limit=1 << 20)
        name = formats.detect(head)
        if name is not None and formats.confirmed(self.binary, head[: 1 << 16], name, self.as_of, self.scratch):
            return name
        self.say(f"{file.name}: its format could not be confirmed from its first lines; every "
                 "partition detects it from its own first lines")
        return None

    def part_options(self, extra=()):
        """The options every partition's binary runs with (limits are only collected there, so
        --strict is for the merge; --max-errors caps how many issues each part keeps)."""
        options = ["--as-of", self.as_of, "--max-errors", str(self.args.max_errors), *extra]
        model = self.args.model or (None if self.args.scorer == "rules" else self.shipped_model())
        if model:
            options += ["--model", partition.Shipped(session.ship_file(self.sc, model))]
        if self.args.scorer:
            options += ["--scorer", self.args.scorer]
        if self.args.input_format:
            options += ["--input-format", self.args.input_format]
        return options

    def shipped_model(self):
        """The binary's own model file, from the resource bundle beside it. The binary finds that
        bundle next to its executable, else at its build path, which exists only on the build
        machine: executors get the file and `--model` instead (the same model, the same output)."""
        bundles = glob.glob(os.path.join(os.path.dirname(self.binary), "*.resources", "Resources",
                                         "default-model.json"))
        if bundles:
            return sorted(bundles)[0]
        self.say(f"no *.resources/Resources/default-model.json beside {self.binary}: the executors "
                 "rely on the binary's own model lookup (fine locally; on a cluster pass --model)")
        return None

    def limits(self):
        return ["--max-errors", str(self.args.max_errors)] + (["--strict"] if self.args.strict else [])

    def action(self, run):
        """Runs a Spark action; a partition's failure becomes the binary's message and exit code."""
        try:
            return run()
        except JobError:
            raise
        except Exception as error:
            failed = partition.failure_from(error)
            if failed is not None:
                raise JobError(failed["stderr"], failed["exit"] or FAILURE, from_binary=True)
            raise JobError(f"the Spark job failed: {inputs.java_message(error)}")


def absolute(path):
    """A local path made absolute (the merge runs in a scratch directory); `-` and URLs unchanged."""
    if path is None or path == "-" or "://" in path:
        return path
    return os.path.abspath(path)


def report_skipped(summaries):
    """Lists the skipped records of the issue summaries (the merges print nothing when within the
    limits), worded as one run of the binary words them."""
    issues, count = [], 0
    for summary in summaries:
        for entry in summary.get("inputs", []):
            count += entry.get("issue_count", 0)
            issues += entry.get("issues", [])
    if count == 0:
        return
    print(f"spark-job: skipped {count} unreadable record{'' if count == 1 else 's'}:", file=sys.stderr)
    for issue in issues:
        print(f"  {describe_issue(issue)}", file=sys.stderr)
    if count > len(issues):
        print(f"  ... and {count - len(issues)} more", file=sys.stderr)


def describe_issue(issue):
    """`file:line: field: reason` (`file:line:column: ...` for an element of a one-line array)."""
    where = f"{issue.get('file')}:{issue.get('line')}"
    if issue.get("column") is not None:
        where += f":{issue['column']}"
    field = issue.get("field")
    return f"{where}: {field}: {issue.get('reason')}" if field else f"{where}: {issue.get('reason')}"
