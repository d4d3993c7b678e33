"""`spark-job bench`: truereach alone against the Spark job on the same file, and the two ways of
piping a partition through the binary, with the figures docs/scale-out.md quotes.

    scripts/spark-job bench                      # 1,000,000 generated profiles (about 1.4 GB)
    scripts/spark-job bench --count 100000       # a quicker run
    scripts/spark-job bench --input FILE --repeats 3 --binary .build/release/truereach

Rows (each the median of --repeats runs, wall-clock seconds of the whole process, start-up included):
- `truereach score` alone, all cores, and pinned to one core (`taskset -c 0`): the per-core rate
  of the binary itself;
- `spark-job score` (CSV) in local[2]: the whole run, and its phases (Spark start, plan with the
  line-count pass, the partitions, the merge of the issue summaries);
- the same for `truereach audit` and `spark-job audit`;
- inside one Spark session, the same partitions through `RDD.pipe` (PySpark's: str lines, fixed
  command) and through this job's `mapPartitions` subprocess (bytes in 1 MiB blocks), both running
  plain `truereach score -`, so any build can be compared.

The projection for 10, 100 and 1,000 executor cores multiplies the measured per-core rate of the
data phases (plan + partitions) by the cores: scoring needs no shuffle, and the audit's merge is one
small reduce on the driver, measured here per partial. The summary goes to stdout and to
SCRATCH/summary.md.
"""

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from . import binary as binaries
from . import partition, session
from .errors import JobError
from .job import ROOT

AS_OF = "2026-11-01"
SPARK_JOB = os.path.join(ROOT, "scripts", "spark-job")


def run(args):
    binary = binaries.resolve(args.binary, ROOT)
    scratch = args.scratch or tempfile.mkdtemp(prefix="truereach-spark-bench-")
    os.makedirs(scratch, exist_ok=True)
    try:
        profiles = args.input or generate(binary, args.count, scratch)
        count = count_lines(profiles)
        bench = Bench(write_stand_in(binary, scratch) if args.stand_in else binary, profiles, count, scratch, args)
        bench.real_binary = binary
        if args.stand_in:
            bench.notes.append(f"spark-job score ran {binary} through a stand-in wrapper that drops the part "
                               "flags (empty issue summaries, no merge): the throughput of that build, not "
                               "a check of its output")
        bench.measure()
        summary = bench.summary()
        print(summary)
        with open(os.path.join(scratch, "summary.md"), "w") as file:
            file.write(summary)
        print(f"(summary in {os.path.join(scratch, 'summary.md')})", file=sys.stderr)
    finally:
        if not args.scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def generate(binary, count, scratch):
    path = os.path.join(scratch, f"profiles-{count}.jsonl")
    print(f"bench: generating {count:,} profiles into {path}", file=sys.stderr)
    subprocess.run([binary, "generate", "--count", str(count), "--seed", "20261122", "--output", path], check=True)
    return path


def count_lines(path):
    with open(path, "rb") as file:
        return sum(block.count(b"\n") for block in iter(lambda: file.read(1 << 22), b""))


class Bench:
    def __init__(self, binary, profiles, count, scratch, args):
        self.binary = binary
        self.profiles = profiles
        self.count = count
        self.scratch = scratch
        self.args = args
        self.rows = {}       # name -> seconds
        self.phases = {}     # name -> {phase: seconds}
        self.notes = []
        self.load_before = os.getloadavg()[0]
        self.job_commands = {command for command in ("score", "audit") if has_part_flags(binary, command)}

    def measure(self):
        warm(self.profiles)
        alone = [self.binary, "score", self.profiles, "--format", "csv", "--output", os.devnull,
                 "--as-of", AS_OF, "--quiet"]
        self.time("score alone, all cores", alone)
        if shutil.which("taskset"):
            self.time("score alone, 1 core", ["taskset", "-c", "0", *alone])
        if "score" in self.job_commands:
            self.spark_job("spark-job score", "score", os.path.join(self.scratch, "scores"))
        else:
            self.notes.append(f"{self.binary} has no `score --issues-file`: the spark-job score row is "
                              "skipped (--stand-in times an older build)")
        if not self.args.no_audit:
            database = os.path.join(self.scratch, "bench.sqlite")
            self.time("audit alone, all cores", [self.binary, "audit", self.profiles, "--format", "json",
                                                 "--output", os.devnull, "--as-of", AS_OF, "--quiet",
                                                 "--database", database])
            if "audit" in self.job_commands:
                self.spark_job("spark-job audit", "audit", os.path.join(self.scratch, "report.json"),
                               ["--database", database])
        if not self.args.no_pipe_variants:
            self.pipe_variants()

    def time(self, name, command):
        runs = []
        for _ in range(self.args.repeats):
            started = time.monotonic()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            runs.append(time.monotonic() - started)
        self.rows[name] = statistics.median(runs)
        print(f"bench: {name}: {self.rows[name]:.2f}s", file=sys.stderr)

    def spark_job(self, name, command, target, extra=()):
        timings_path = os.path.join(self.scratch, "timings.json")
        runs, phases = [], []
        for _ in range(self.args.repeats):
            if os.path.isdir(target):
                shutil.rmtree(target)
            started = time.monotonic()
            subprocess.run([SPARK_JOB, command, self.profiles, target, "--binary", self.binary,
                            "--master", self.args.master, "--as-of", AS_OF, "--quiet",
                            "--timings", timings_path, *partitions(self.args), *extra], check=True)
            runs.append(time.monotonic() - started)
            with open(timings_path) as file:
                phases.append(json.load(file))
        middle = runs.index(statistics.median_low(runs))
        self.rows[name] = runs[middle]
        self.phases[name] = phases[middle]
        print(f"bench: {name}: {self.rows[name]:.2f}s {self.phases[name]}", file=sys.stderr)

    def pipe_variants(self):
        """RDD.pipe against the mapPartitions subprocess, in one warm session."""
        spark = session.start(self.args.master, "truereach-bench",
                              {"spark.sql.files.maxPartitionBytes": str(32 << 20)})  # as textFile's splits
        sc = spark.sparkContext
        try:
            name = session.ship_file(sc, self.binary)
            with session.Scratch() as zip_scratch:
                session.ship_package(sc, zip_scratch)
                wanted = self.args.partitions or sc.defaultParallelism * 2
                command = ["score", "-", "--format", "csv", "--as-of", AS_OF, "--quiet"]
                shipped = os.path.join(sc._jvm.org.apache.spark.SparkFiles.getRootDirectory(), name)
                variants = {
                    "lines to Python only (no binary)": lambda: sc.textFile(
                        self.profiles, wanted, use_unicode=False).mapPartitions(count_elements).sum(),
                    "RDD.pipe": lambda: sc.textFile(self.profiles, wanted).pipe(
                        " ".join([shipped, *command])).count(),
                    "mapPartitions subprocess": lambda: sc.textFile(
                        self.profiles, wanted, use_unicode=False).mapPartitions(
                        piped_rows(name, command)).sum(),
                }
                if has_arrow():
                    variants["mapInArrow subprocess (spark.read.text)"] = lambda: spark.read.text(
                        self.profiles).mapInArrow(arrow_rows(name, command), "rows long").groupBy().sum(
                        "rows").collect()
                    variants["mapInArrow subprocess (spark.read.text)"]()  # warm the Arrow path
                else:
                    self.notes.append("no mapInArrow row: pyarrow and pandas are not installed in the job's "
                                      "virtual environment (pip install pyarrow pandas there to add it)")
                variants["lines to Python only (no binary)"]()  # warm the JVM and the page cache
                for label, action in variants.items():
                    runs = []
                    for _ in range(self.args.repeats):
                        started = time.monotonic()
                        action()
                        runs.append(time.monotonic() - started)
                    self.rows[f"in session: {label}"] = statistics.median(runs)
                    print(f"bench: {label}: {self.rows[f'in session: {label}']:.2f}s", file=sys.stderr)
                self.notes.append(f"pipe variants: {sc.textFile(self.profiles, wanted).getNumPartitions()} "
                                  "partitions, rows counted on the executors, nothing written")
        finally:
            spark.stop()

    # MARK: - Summary

    def summary(self):
        n = self.count
        lines = [
            f"## Spark job against truereach alone ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
            "",
            f"Input: {self.profiles} ({n:,} profiles, {os.path.getsize(self.profiles) / 1e6:,.0f} MB); "
            f"binary: {self.real_binary} ({build_kind(self.real_binary)}); master {self.args.master}; "
            f"{os.cpu_count()} cores; 1-minute load average {self.load_before:.2f} before, "
            f"{os.getloadavg()[0]:.2f} after; "
            f"median of {self.args.repeats} run(s).",
            "",
            "| measurement | wall s | profiles/s |",
            "|---|---:|---:|",
        ]
        for name, seconds in self.rows.items():
            lines.append(f"| {name} | {seconds:.2f} | {n / seconds:,.0f} |")
        for name, phases in self.phases.items():
            lines += ["", f"{name} phases: " + ", ".join(f"{k} {v:.2f}s" for k, v in phases.items())]
        lines += self.projection()
        lines += [f"", *[f"Note: {note}" for note in self.notes]] if self.notes else []
        return "\n".join(lines) + "\n"

    def projection(self):
        """Expected throughput from the per-core rate of the data phases, for 10, 100 and 1,000
        executor cores: steady state, and one input of 100 million profiles in 128 MiB partitions
        (whole waves of partitions, plus the fixed start and merge)."""
        phases = self.phases.get("spark-job score")
        if not phases:
            return []
        cores = local_cores(self.args.master)
        per_core = self.count / (phases.get("plan", 0) + phases.get("run", 0)) / cores
        fixed = phases.get("start", 0) + phases.get("merge", 0) + phases.get("publish", 0)
        alone = self.rows.get("score alone, 1 core")
        profile_bytes = os.path.getsize(self.profiles) / self.count
        per_partition = (128 << 20) / profile_bytes                # profiles in a 128 MiB split
        partitions_100m = math.ceil(1e8 / per_partition)
        lines = [
            "",
            f"Spark adds {self.rows['spark-job score'] - self.rows['score alone, all cores']:.1f}s to "
            f"`truereach score` on this file: {fixed:.1f}s fixed (start {phases.get('start', 0):.1f}s, "
            f"merge {phases.get('merge', 0):.1f}s, publish {phases.get('publish', 0):.1f}s) and the rest "
            "in the data phases.",
            f"Per-core rate of the data phases (plan + partitions) in {self.args.master}: "
            f"{per_core:,.0f} profiles/s per core"
            + (f" (truereach alone on one core: {self.count / alone:,.0f})." if alone else "."),
            "",
            f"| executor cores | steady profiles/s | input read at | 100M profiles ({partitions_100m:,} "
            "partitions of 128 MiB) |",
            "|---:|---:|---:|---:|",
        ]
        for total in (10, 100, 1000):
            rate = per_core * total
            waves = math.ceil(partitions_100m / total)
            seconds = fixed + waves * per_partition / per_core
            lines.append(f"| {total:,} | {rate:,.0f} | {rate * profile_bytes / 1e9:,.2f} GB/s | "
                         f"{seconds / 60:,.1f} min ({1e8 / seconds:,.0f} profiles/s) |")
        audit = self.phases.get("spark-job audit")
        if audit:
            lines += ["", f"Audit merge on the driver: {audit.get('merge', 0):.2f}s for its partials (one "
                          "small reduce; it grows with the number of partitions, not of profiles)."]
        return lines


def count_elements(elements):
    yield sum(1 for _ in elements)


def piped_rows(binary_name, command):
    """The job's mapPartitions subprocess without the part flags: yields each partition's rows."""

    def run(elements):
        stdin = partition.line_blocks(None, elements)
        with partition.Scratch() as scratch:
            yield sum(block.count(b"\n") for block in partition.run_binary(binary_name, command, stdin, scratch))

    return run


def arrow_rows(binary_name, command):
    """The same subprocess under mapInArrow: each Arrow batch of lines joined into one buffer."""

    def run(batches):
        import pyarrow
        import pyarrow.compute

        def blocks():
            for batch in batches:
                values = batch.column(0)
                listed = pyarrow.ListArray.from_arrays(pyarrow.array([0, len(values)], pyarrow.int32()), values)
                yield pyarrow.compute.binary_join(listed, "\n")[0].as_buffer()
                yield b"\n"

        with partition.Scratch() as scratch:
            rows = sum(block.count(b"\n") for block in partition.run_binary(binary_name, command, blocks(), scratch))
        yield pyarrow.RecordBatch.from_pydict({"rows": [rows]})

    return run


def has_arrow():
    try:
        import pandas  # noqa: F401  (mapInArrow's requirement in pyspark 3.5)
        import pyarrow  # noqa: F401
        return True
    except ImportError:
        return False


def partitions(args):
    return ["--partitions", str(args.partitions)] if args.partitions else []


def local_cores(master):
    inside = master[master.find("[") + 1: master.find("]")] if "[" in master else "1"
    return os.cpu_count() if inside.split(",")[0] == "*" else int(inside.split(",")[0])


def has_part_flags(binary, command):
    try:
        binaries.check(binary, command)
        return True
    except JobError:
        return False


def build_kind(binary):
    parts = binary.split(os.sep)
    for kind in ("release", "debug"):
        if kind in parts:
            return f"{kind} build"
    return "build kind unknown"


def warm(path):
    with open(path, "rb") as file:
        while file.read(1 << 24):
            pass
