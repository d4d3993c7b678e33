"""Command line of `scripts/spark-job`: `score`, `audit` and `bench`, and the exit codes.

Options after the two positional arguments are Spark's (`--master`, `--partitions`, `--binary`)
or the binary's own, passed on to every partition or to the merge (see docs/scale-out.md).
"""

import argparse
import json
import sys

from .errors import USAGE, JobError

SCORERS = ["model", "rules"]
REPORT_FORMATS = ["table", "json", "csv", "html"]


class Parser(argparse.ArgumentParser):
    """argparse, with the binary's exit code for usage errors (64) instead of 2."""

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(USAGE)


def parser():
    top = Parser(prog="spark-job", description="Run truereach score or audit on Apache Spark "
                 "(docs/scale-out.md).")
    commands = top.add_subparsers(dest="command", required=True, parser_class=Parser)

    score = commands.add_parser("score", help="score every profile; rows as CSV or Parquet")
    score.add_argument("input", metavar="INPUT", help="a file, directory or glob on any path Spark reads")
    score.add_argument("output_dir", metavar="OUTPUT_DIR", help="directory for the rows (part-* files)")
    score.add_argument("--format", choices=["csv", "parquet"], default="csv",
                       help="row format (default csv: one header, in part-00000)")
    add_spark_options(score)
    add_binary_options(score)

    audit = commands.add_parser("audit", help="audit the audience; the report a single run gives")
    audit.add_argument("input", metavar="INPUT", help="a file, directory or glob on any path Spark reads")
    audit.add_argument("report", metavar="REPORT", help="report file on the driver (- for standard output)")
    audit.add_argument("--format", choices=REPORT_FORMATS, default="json", help="report format (default json)")
    audit.add_argument("--account", help="the audited account's name (default: the binary's, from the file name)")
    audit.add_argument("--sample", type=positive, help="audit a seeded uniform sample of this many followers")
    audit.add_argument("--seed", type=int, default=1, help="seed of the sample draw (default 1)")
    audit.add_argument("--database", help="where the merge stores the audit (SQLite path or postgres:// URL)")
    add_spark_options(audit)
    add_binary_options(audit)

    bench = commands.add_parser("bench", help="measure truereach alone against the Spark job")
    bench.add_argument("--count", type=positive, default=1_000_000, help="profiles to generate (default 1,000,000)")
    bench.add_argument("--input", help="measure this JSON-lines file instead of generating one")
    bench.add_argument("--repeats", type=positive, default=1, help="runs of each measurement; the median is kept")
    bench.add_argument("--scratch", help="directory for the generated file and outputs (default: a temp dir)")
    bench.add_argument("--no-pipe-variants", action="store_true", help="skip RDD.pipe vs mapPartitions")
    bench.add_argument("--no-audit", action="store_true", help="skip the audit rows")
    bench.add_argument("--stand-in", action="store_true",
                       help="time `spark-job score` with a build older than the part flags, through a "
                            "wrapper that drops them (issue summaries empty); audit rows are skipped")
    add_spark_options(bench)
    bench.add_argument("--binary", help="truereach binary (default .build/release, else .build/debug)")
    bench.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)
    return top


def add_spark_options(command):
    command.add_argument("--master", default="local[2]", help="Spark master URL (default local[2])")
    command.add_argument("--partitions", type=positive,
                         help="at least this many partitions over the input (default: one per block)")


def add_binary_options(command):
    command.add_argument("--binary", help="truereach binary (default .build/release, else .build/debug)")
    command.add_argument("--as-of", help="reference date (default: today, 00:00 UTC, fixed on the driver)")
    command.add_argument("--model", help="model file (shipped to the executors)")
    command.add_argument("--scorer", choices=SCORERS, help="model (default) or rules")
    command.add_argument("--input-format", help="input format; detected from the content when omitted")
    command.add_argument("--max-errors", type=non_negative, default=100,
                         help="unreadable records to skip over the whole input (default 100)")
    command.add_argument("--strict", action="store_true", help="stop at the first unreadable record")
    command.add_argument("--quiet", action="store_true", help="no progress lines on standard error")
    command.add_argument("--timings", help=argparse.SUPPRESS)  # bench: the phases' seconds, as JSON


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def non_negative(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        if args.command in ("score", "audit"):
            from . import audit, score
            timings = (score if args.command == "score" else audit).run(args)
            if args.timings:
                with open(args.timings, "w") as file:
                    json.dump(timings, file)
        else:
            from . import bench
            bench.run(args)
        return 0
    except JobError as error:
        if error.from_binary:
            sys.stderr.write(error.message if error.message.endswith("\n") else error.message + "\n")
        else:
            print(f"spark-job: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("spark-job: interrupted", file=sys.stderr)
        return 130
