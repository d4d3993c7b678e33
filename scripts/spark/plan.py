"""Builds the job's one RDD over all input files, and the `Piece` of each of its partitions.

Line-delimited files are read with `SparkContext.textFile` (split between lines, as bytes) and
their partitions' first lines found by `zipWithIndex`'s counting pass. That pass runs in the JVM,
over the same splits of the underlying `hadoopFile` without decoding the lines (the start index of
each `ZipWithIndexRDDPartition`), falling back to counting in Python.

A CSV file is counted in Python instead, tracking double quotes: if a quoted field holds a line
break (a record spans lines), splitting between lines would cut records, so the file is read whole
(one partition), and the job says so.

Whole files are read with `binaryFiles`, one partition each, their bytes unchanged; so is any
uncompressed file Spark would read in one partition anyway. The RDDs are
unioned in file order, so partition `i` of the union is `pieces[i]`, and the partitions are in
input order (file order, then line order).
"""

import itertools
import sys

from pyspark.rdd import RDD
from pyspark.serializers import UTF8Deserializer

from .errors import CANNOT_OPEN, JobError
from .inputs import LINES, WHOLE
from .partition import Piece


class Plan:
    """The RDD to run and what each of its partitions holds."""

    def __init__(self, rdd, pieces, files):
        self.rdd = rdd
        self.pieces = pieces
        self.files = files

    def describe(self):
        whole = sum(1 for piece in self.pieces if piece.whole)
        split = len(self.pieces) - whole
        files = f"{len(self.files)} file" + ("s" if len(self.files) != 1 else "")
        kinds = [f"{split} split between lines"] if split else []
        kinds += [f"{whole} whole file" + ("s" if whole != 1 else "")] if whole else []
        count = f"{len(self.pieces)} partition" + ("s" if len(self.pieces) != 1 else "")
        return f"{count} over {files} ({', '.join(kinds)})"


def build(sc, files, partitions=None, say=print, detect=None):
    """The plan for `files`; `partitions` is a minimum over the whole input (None: Spark's split
    size, one partition per file system block). `detect(file)` gives the format that the pieces
    after the first of a split JSON-lines file are read as (None: each detects its own)."""
    total = sum(file.size for file in files) or 1
    rdds, pieces = [], []
    for file in files:
        wanted = None if partitions is None else max(1, -(-partitions * file.size // total))
        rdd, starts, header, whole = file_partitions(sc, file, wanted, say)
        rdds.append(rdd)
        input_format = detect(file) if detect and len(starts) > 1 and file.framing == LINES else None
        for position, start in enumerate(starts):
            pieces.append(Piece(
                index=len(pieces),
                name=file.name,
                first_line=start + 1,
                header=header if position > 0 else None,
                whole=whole,
                input_format=input_format if position > 0 else None,
            ))
    rdd = rdds[0] if len(rdds) == 1 else sc.union(rdds)
    assert rdd.getNumPartitions() == len(pieces)
    return Plan(rdd, pieces, files)


def file_partitions(sc, file, wanted, say):
    """(rdd, the 0-based first line of each partition, the CSV header or None, whether the file is
    read whole) of one file."""
    if file.framing == WHOLE:
        return whole_file_rdd(sc, file), [0], None, True
    rdd = text_rdd(sc, file, wanted)
    if rdd.getNumPartitions() == 1:
        if not file.compressed:
            return whole_file_rdd(sc, file), [0], None, True  # one partition anyway: bytes unchanged
        return rdd, [0], None, False
    if file.framing == LINES:
        return rdd, start_lines(sc, rdd, file, wanted), None, False
    split = csv_split(rdd)
    if split is not None:
        starts, header = split
        return rdd, starts, header, False
    if file.compressed:
        raise JobError(f"{file.name}: a quoted CSV field spans lines, so the file cannot be split "
                       "between lines, and it is compressed, so it cannot be read whole; decompress it",
                       CANNOT_OPEN)
    say(f"{file.name}: a quoted CSV field spans lines; the file is read whole, in one partition")
    return whole_file_rdd(sc, file), [0], None, True


def text_rdd(sc, file, wanted):
    return sc.textFile(file.uri, wanted or sc.defaultMinPartitions, use_unicode=False)


def jvm_lines(sc, file, wanted):
    """The file's (offset, line) records in the JVM, in the same splits as `text_rdd` (textFile is
    this hadoopFile with each Text decoded to a String; counting them needs no decoding)."""
    load = sc._jvm.java.lang.Class.forName
    return sc._jsc.hadoopFile(file.uri, load("org.apache.hadoop.mapred.TextInputFormat"),
                              load("org.apache.hadoop.io.LongWritable"), load("org.apache.hadoop.io.Text"),
                              wanted or sc.defaultMinPartitions)


def whole_file_rdd(sc, file):
    """One partition holding one element: the file's bytes (binaryFiles, values only)."""
    jrdd = sc._jsc.binaryFiles(file.uri, 1).values()
    return RDD(jrdd, sc, UTF8Deserializer(use_unicode=False))


# MARK: - Line counts


def start_lines(sc, rdd, file, wanted):
    """The 0-based index of each partition's first line in its file."""
    if rdd.getNumPartitions() == 1:
        return [0]
    try:
        zipped = jvm_lines(sc, file, wanted).rdd().zipWithIndex()  # runs the counting job in the JVM
        starts = [int(partition.startIndex()) for partition in zipped.partitions()]
        if len(starts) == rdd.getNumPartitions():
            return starts
        error = f"{len(starts)} splits, not {rdd.getNumPartitions()}"
    except Exception as exception:  # an internal class of Spark's: count in Python if it moved
        error = type(exception).__name__
    print(f"spark-job: {file.name}: counting lines in Python ({error})", file=sys.stderr)
    counts = rdd.mapPartitions(lambda lines: [sum(1 for _ in lines)]).collect()
    return [0, *itertools.accumulate(counts[:-1])]


def csv_split(rdd):
    """(start lines, header) when no partition of the CSV file starts or ends inside a quoted
    field, else None. RFC 4180: every `"` opens or closes quoting, or is one of a doubled pair."""
    stats = sorted(rdd.mapPartitionsWithIndex(csv_partition_stats).collect())
    header = stats[0][4]
    if header is None or header.count(b'"') % 2:
        return None
    starts, line, quotes = [], 0, 0
    for _, count, quote_count, spans_lines, _ in stats:
        if quotes % 2 or spans_lines:
            return None
        starts.append(line)
        line += count
        quotes += quote_count
    return starts, header


def csv_partition_stats(index, lines):
    """(index, lines, double quotes, whether a quoted field continues past a line end, the first
    line of partition 0)."""
    count = quotes = 0
    inside = spans_lines = False
    first = None
    for line in lines:
        if count == 0 and index == 0:
            first = bytes(line)
        found = line.count(b'"')
        quotes += found
        if found % 2:
            inside = not inside
        spans_lines = spans_lines or inside
        count += 1
    yield index, count, quotes, spans_lines, first
