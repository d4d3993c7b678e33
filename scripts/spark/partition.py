"""Runs on the executors: one `truereach` process per partition, fed that partition's bytes.

Every partition is a `Piece` of one input file: its lines from `first_line` on (with the file's CSV
header put in front when the piece does not start at line 1), or the whole file. The binary reads
it from standard input as `--input-name FILE --line-offset K`, so issues name the original file and
line. Its issue limits are not enforced here (`--issues-file`, `--partial`): the driver enforces
them once over all partitions, in input order.

A binary that exits non-zero fails the Spark task with a `RuntimeError` whose text carries the
binary's exit code and standard error after `FAILURE_MARK`, as one line of JSON; the driver finds
it in the exception Spark raises (`failure_from`).
"""

import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from typing import NamedTuple, Optional

from pyspark.accumulators import AccumulatorParam

FAILURE_MARK = "truereach-partition-failed:"
BLOCK_BYTES = 1 << 20
SPACE = b" \t\r\n"


class Piece(NamedTuple):
    """What one partition holds, by its index in the job's RDD."""

    index: int
    name: str                 # the file, as issues name it
    first_line: int           # the file's line where the partition starts (1-based)
    header: Optional[bytes]   # CSV header line to put in front, for pieces after the first
    whole: bool               # the partition is one element: all the bytes of the file
    input_format: Optional[str] = None  # the file's format, for pieces after the first (formats.py)

    @property
    def line_offset(self):
        """K of `--line-offset K`: stream line L is line L + K of the file."""
        if self.whole:
            return 0
        if self.header is not None:
            return self.first_line - 2  # stream line 1 is the header, line 2 is `first_line`
        return self.first_line - 1

    def part_arguments(self):
        arguments = ["--input-name", self.name, "--line-offset", str(self.line_offset)]
        if self.input_format is not None:
            arguments += ["--input-format", self.input_format]
        return arguments


class Shipped(NamedTuple):
    """An option value that is a file shipped with addFile (a model): its path on the executor."""

    name: str


class PartsParam(AccumulatorParam):
    """An accumulator of `{partition index: result}`: a retried or speculative task's second
    result for the same partition replaces the first instead of counting twice."""

    def zero(self, value):
        return {}

    def addInPlace(self, value1, value2):
        value1.update(value2)
        return value1


def resolved(options):
    from pyspark import SparkFiles

    return [SparkFiles.get(option.name) if isinstance(option, Shipped) else option for option in options]


# MARK: - The jobs' partition functions (for mapPartitionsWithIndex)


def score_partition(pieces, binary_name, options, columns, header_index, summaries):
    """Scores a partition: yields CSV text (lines joined, no final newline), or with `columns`
    (`(name, is_float)` pairs) each row as a tuple of those columns, read from `--format jsonl`;
    adds `{index: issue summary JSON}` to the `summaries` accumulator."""

    def run(index, elements):
        piece = pieces.value[index]
        stdin = piece_input(piece, elements)
        if stdin is None:
            return
        with Scratch() as scratch:
            row_format = "csv" if columns is None else "jsonl"
            arguments = ["score", "-", *resolved(options), "--format", row_format, "--quiet",
                         *piece.part_arguments(), "--issues-file", scratch.issues_path]
            blocks = run_binary(binary_name, arguments, stdin, scratch)
            if columns is None:
                yield from text_blocks(blocks, drop_first_line=index != header_index)
            else:
                for line in lines(blocks):
                    if line:
                        row = json.loads(line)
                        yield tuple(as_float(row.get(name)) if is_float else row.get(name)
                                    for name, is_float in columns)
            summaries.add({index: scratch.read_issues()})

    return run


def audit_partition(pieces, binary_name, options):
    """Audits a partition: yields one `(index, partial audit JSON bytes)`."""

    def run(index, elements):
        piece = pieces.value[index]
        stdin = piece_input(piece, elements)
        if stdin is None:
            return
        with Scratch() as scratch:
            arguments = ["audit", "-", "--partial", *resolved(options), "--quiet", *piece.part_arguments()]
            yield index, b"".join(run_binary(binary_name, arguments, stdin, scratch))

    return run


# MARK: - Input


def piece_input(piece, elements):
    """The bytes the binary reads for this piece, in blocks of about 1 MiB; None when the partition
    holds nothing but blank lines (a part of a file, not an input of its own: nothing to read)."""
    if piece.whole:
        return (as_bytes(element) for element in elements)
    found = first_content(elements)
    if found is None:
        return None
    leading, rest = found
    return line_blocks(piece.header, itertools.chain(leading, rest))


def first_content(elements):
    """Reads up to the first line with content: (the lines read, the rest), or None if none has."""
    iterator = iter(elements)
    leading = []
    for element in iterator:
        element = as_bytes(element)
        leading.append(element)
        if element.strip(SPACE):
            return leading, iterator
    return None


def line_blocks(header, lines_in):
    """Joins lines (and the header first) into newline-terminated blocks."""
    block = [] if header is None else [header]
    size = 0
    for line in lines_in:
        line = as_bytes(line)
        block.append(line)
        size += len(line) + 1
        if size >= BLOCK_BYTES:
            block.append(b"")
            yield b"\n".join(block)
            block, size = [], 0
    if block:
        block.append(b"")
        yield b"\n".join(block)


def as_bytes(element):
    if isinstance(element, str):
        return element.encode("utf-8")
    return bytes(element)


# MARK: - The process


class Scratch:
    """A private directory on the executor for the binary's side files, removed afterwards."""

    def __enter__(self):
        base = os.environ.get("SPARK_LOCAL_DIRS", "").split(",")[0]
        self.path = tempfile.mkdtemp(prefix="truereach-part-", dir=base if os.path.isdir(base) else None)
        self.issues_path = os.path.join(self.path, "issues.json")
        self.stderr_path = os.path.join(self.path, "stderr.txt")
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
        return False

    def read_issues(self):
        try:
            with open(self.issues_path, encoding="utf-8") as file:
                return file.read()
        except OSError as error:
            raise failure(1, f"truereach wrote no issue summary ({error}); is it a build with --issues-file?")

    def read_stderr(self):
        with open(self.stderr_path, "rb") as file:
            return file.read().decode("utf-8", "replace")


def run_binary(binary_name, arguments, stdin_blocks, scratch):
    """Runs the shipped binary with `arguments`, feeding `stdin_blocks` from a thread; yields its
    standard output as read. Raises the `failure` of a non-zero exit after the output is read."""
    binary = shipped_binary(binary_name)
    with open(scratch.stderr_path, "wb") as stderr:
        try:
            process = subprocess.Popen([binary, *arguments], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=stderr, cwd=scratch.path)
        except OSError as error:
            raise failure(127, f"cannot run {binary} on {socket.gethostname()}: {error}")
    feeder = Feeder(process.stdin, stdin_blocks)
    feeder.start()
    try:
        while True:
            block = process.stdout.read(BLOCK_BYTES)
            if not block:
                break
            yield block
        feeder.join()
        code = process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if code != 0:
        message = scratch.read_stderr()
        if code in (126, 127) or "error while loading shared libraries" in message:
            message += (f"(on {socket.gethostname()}: the executors must be able to run the binary; "
                        "see docs/scale-out.md, 'Shipping the binary')\n")
        raise failure(code, message)
    if feeder.error is not None:
        raise feeder.error


class Feeder(threading.Thread):
    """Writes the blocks to the binary's standard input, then closes it. A binary that stops
    reading (it failed) ends the feed quietly: its exit code tells what happened."""

    def __init__(self, pipe, blocks):
        super().__init__(daemon=True)
        self.pipe = pipe
        self.blocks = blocks
        self.error = None

    def run(self):
        try:
            for block in self.blocks:
                self.pipe.write(block)
        except BrokenPipeError:
            pass
        except BaseException as error:  # reading the partition failed: report it after the process
            self.error = error
        finally:
            try:
                self.pipe.close()
            except BrokenPipeError:
                pass


def shipped_binary(name):
    """The path of the binary shipped with SparkContext.addFile, made executable."""
    from pyspark import SparkFiles

    path = SparkFiles.get(name)
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


def failure(code, message):
    payload = json.dumps({"exit": code, "stderr": message, "host": socket.gethostname()})
    return RuntimeError(FAILURE_MARK + payload)


def failure_from(error):
    """The `{"exit", "stderr", "host"}` of a partition failure found in `error`'s text, or None."""
    text = str(error)
    start = text.find(FAILURE_MARK)
    if start < 0:
        return None
    try:
        payload, _ = json.JSONDecoder().raw_decode(text, start + len(FAILURE_MARK))
        return payload
    except ValueError:
        return None


# MARK: - Output


def text_blocks(blocks, drop_first_line):
    """Cuts the output at line ends into blocks without their final newline (as saveAsTextFile
    writes elements, each followed by one), dropping the first line (a repeated CSV header)."""
    carry = b""
    dropping = drop_first_line
    for block in blocks:
        data = carry + block
        if dropping:
            end = data.find(b"\n")
            if end < 0:
                carry = data
                continue
            data = data[end + 1:]
            dropping = False
        cut = data.rfind(b"\n")
        if cut < 0:
            carry = data
            continue
        carry = data[cut + 1:]
        yield data[:cut]
    if carry and not dropping:
        yield carry


def as_float(value):
    return None if value is None else float(value)


def lines(blocks):
    """Splits the output into lines (bytes, without newlines)."""
    carry = b""
    for block in blocks:
        parts = (carry + block).split(b"\n")
        carry = parts.pop()
        yield from parts
    if carry:
        yield carry
