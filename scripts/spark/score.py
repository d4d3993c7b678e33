"""`spark-job score INPUT OUTPUT_DIR`: every partition through `truereach score -`, the rows
written as CSV (one header, in `part-00000`) or Parquet into OUTPUT_DIR.

Each partition's issue summary comes back through an accumulator keyed by partition index (a
retried task replaces, never doubles, its entry). Before the output is published, `truereach score
--merge-issues` enforces `--max-errors` / `--strict` over the summaries in input order; if it fails,
its message is the job's and no OUTPUT_DIR appears.
"""

import json

from pyspark.sql.types import DoubleType, StringType, StructField, StructType

from . import binary, output
from .job import Job, report_skipped
from .partition import PartsParam, score_partition

# The columns of `truereach score` (README), with whether each is a number.
COLUMNS = (("platform", False), ("id", False), ("handle", False), ("bot_probability", True),
           ("category", False), ("signals", False))
SCHEMA = StructType([StructField(name, DoubleType() if is_float else StringType(), True)
                     for name, is_float in COLUMNS])


def run(args):
    with Job(args, "score") as job:
        staging = output.Staging(job.sc, args.output_dir)  # refuses a foreign OUTPUT_DIR before any work
        built = job.plan()
        summaries = job.sc.accumulator({}, PartsParam())
        columns = None if args.format == "csv" else COLUMNS
        function = score_partition(job.pieces, job.binary_name, job.part_options(), columns,
                                   header_index=0, summaries=summaries)
        rows = built.rdd.mapPartitionsWithIndex(function)
        try:
            job.action(lambda: write(job, rows, args.format, staging.uri))
            job.mark("run")
            parts = [summaries.value[index] for index in sorted(summaries.value)]
            binary.merge_issues(job.binary, parts, job.limits(), job.scratch)
            job.mark("merge")
        except BaseException:
            staging.discard()
            raise
        report_skipped(json.loads(part) for part in parts)
        staging.publish()
        job.mark("publish")
        job.say(f"score: {records(parts)} rows in {args.output_dir} ({args.format}) in "
                f"{sum(job.timings.values()):.1f}s")
        return job.timings


def write(job, rows, row_format, uri):
    if row_format == "csv":
        rows.saveAsTextFile(uri)
    else:
        job.spark.createDataFrame(rows, SCHEMA).write.parquet(uri)


def records(parts):
    return sum(entry.get("records", 0) for part in parts for entry in json.loads(part).get("inputs", []))
