"""`spark-job audit INPUT REPORT`: every partition through `truereach audit - --partial`, the
partial audits collected to the driver, written in input order, and merged by `truereach audit
--merge` into the report: the same, byte for byte, as `truereach audit INPUT` on one machine.

The merge enforces the issue limits as one machine would, and stores the audit in the database
(`--database`, else the binary's default) as one machine would; the partials never touch it.
"""

import json
import os

from . import binary
from .errors import BAD_INPUT, CANNOT_OPEN, JobError
from .job import Job, absolute, report_skipped
from .partition import audit_partition


def run(args):
    if args.report != "-" and not os.path.isdir(os.path.dirname(absolute(args.report))):
        raise JobError(f"{args.report}: its directory does not exist", CANNOT_OPEN)
    with Job(args, "audit") as job:
        built = job.plan()
        sample = ["--sample", str(args.sample), "--seed", str(args.seed)] if args.sample else []
        function = audit_partition(job.pieces, job.binary_name, job.part_options(sample))
        results = job.action(lambda: built.rdd.mapPartitionsWithIndex(function).collect())
        job.mark("run")
        partials = [partial for _, partial in sorted(results)]
        if not partials:
            raise JobError(f"{args.input}: nothing to audit (only blank lines)", BAD_INPUT)
        binary.merge_audit(job.binary, partials, merge_options(args), job.scratch)
        job.mark("merge")
        report_skipped(json.loads(partial).get("issues", {}) for partial in partials)
        job.say(f"audit: {len(partials)} partial audits merged into {args.report} in "
                f"{sum(job.timings.values()):.1f}s")
        return job.timings


def merge_options(args):
    options = ["--format", args.format, *limits(args)]
    if args.report != "-":
        options += ["--output", absolute(args.report)]
    if args.account:
        options += ["--account", args.account]
    if args.database:
        options += ["--database", absolute(args.database)]
    return options


def limits(args):
    return ["--max-errors", str(args.max_errors)] + (["--strict"] if args.strict else [])
