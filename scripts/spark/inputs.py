"""Lists the input files (a file, a directory or a glob on any file system Spark reads) and decides
how each is framed, from its first 64 KiB, by the rules the binary uses (docs/formats.md):

- `lines`: JSON lines (the first line, or the one after a broken first line, is a complete JSON
  value). Spark splits these anywhere between lines.
- `csv`: a delimited table. Split between lines too, each later piece led by the file's header.
- `whole`: everything else (a JSON array, a pretty-printed document, an X archive `.js`, an empty
  file): one partition per file, its bytes passed unchanged.

Files are read in the order given: a directory's files, and a glob's matches, in path order
(Hadoop's own order), skipping names that start with `_` or `.` as Spark does.
"""

import json
import os
from typing import NamedTuple

from .errors import CANNOT_OPEN, JobError

LINES, CSV, WHOLE = "lines", "csv", "whole"
HEAD_BYTES = 1 << 16
SPACE = b" \t\r\n"
BOM = b"\xef\xbb\xbf"
TABULAR_FORMATS = {
    "canonical-csv", "twitter-users-csv", "tweetbotornot-csv",
    "instagram-kaggle-csv", "instagram-seraphim-csv", "instagram-influencers-csv",
}


class InputFile(NamedTuple):
    name: str         # as issues name it: the path as given, or the directory as given + the file name
    uri: str          # the fully qualified Hadoop path
    size: int
    framing: str
    compressed: bool  # a codec Spark's text reader decompresses (.gz, .bz2, ...)


def list_inputs(sc, argument, input_format=None):
    """The files `argument` names, each with its framing."""
    found = []
    for name, status in matching_files(sc, argument):
        uri = status.getPath().toString()
        head, compressed = read_head(sc, uri)
        framing = framing_of(head, input_format)
        if framing == WHOLE and compressed:
            raise JobError(f"{name}: a compressed file that is not line-delimited (a JSON array or "
                           "document) cannot be split or streamed whole; decompress it first", CANNOT_OPEN)
        found.append(InputFile(name, uri, status.getLen(), framing, compressed))
    if not found:
        raise JobError(f"{argument}: no input files (not found, an empty directory, or a glob that "
                       "matches nothing)", CANNOT_OPEN)
    return found


def matching_files(sc, argument):
    """(name, FileStatus) of every file `argument` names, in order."""
    jvm = sc._jvm
    path = jvm.org.apache.hadoop.fs.Path(argument)
    try:
        fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
        statuses = fs.globStatus(path)
    except Exception as error:  # py4j error: unknown scheme, no credentials, ...
        raise JobError(f"{argument}: cannot be listed: {java_message(error)}", CANNOT_OPEN)
    is_glob = any(c in argument for c in "*?[{")
    for status in sorted(statuses or [], key=lambda s: s.getPath().toString()):
        if is_glob:
            shown = shown_name(argument, fs, status.getPath())
        else:
            shown = argument
        if status.isDirectory():
            children = [c for c in fs.listStatus(status.getPath()) if c.isFile() and not hidden(c)]
            for child in sorted(children, key=lambda c: c.getPath().getName()):
                yield shown.rstrip("/") + "/" + child.getPath().getName(), child
        elif not is_glob or not hidden(status):
            yield shown, status


def hidden(status):
    return status.getPath().getName()[:1] in ("_", ".")


def shown_name(argument, fs, path):
    """How to name a glob's match in issues: like the argument (a relative local path stays
    relative, a URL stays a URL)."""
    if "://" in argument or argument.startswith("file:") or fs.getScheme() != "file":
        return path.toString()
    local = path.toUri().getPath()
    return local if os.path.isabs(argument) else os.path.relpath(local)


def read_head(sc, uri, limit=HEAD_BYTES):
    """(the first `limit` bytes of the file, decompressed as Spark's text reader sees them,
    whether it is compressed)."""
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(uri)
    try:
        stream = path.getFileSystem(conf).open(path)
        codec = jvm.org.apache.hadoop.io.compress.CompressionCodecFactory(conf).getCodec(path)
        if codec is not None:
            stream = codec.createInputStream(stream)
        try:
            return bytes(stream.readNBytes(limit)), codec is not None
        finally:
            stream.close()
    except Exception as error:
        raise JobError(f"{uri}: cannot be read: {java_message(error)}", CANNOT_OPEN)


def framing_of(head, input_format=None):
    """`lines`, `csv` or `whole` for a file starting with `head`."""
    text = head[len(BOM):] if head.startswith(BOM) else head
    text = text.lstrip(SPACE)
    if not text:
        return WHOLE  # empty, or 64 KiB of blanks: one process reads it and says what it is
    if input_format in TABULAR_FORMATS:
        return CSV
    if text[:1] == b"{":
        return LINES if starts_json_lines(text) else WHOLE
    if text[:1] == b"[" or text.startswith(b"window."):
        return WHOLE
    return CSV


def starts_json_lines(text):
    """The binary's rule: the first line is a complete JSON value, or it is broken and the next
    non-blank line is one (JSON lines with a bad first record)."""
    first, newline, rest = text.partition(b"\n")
    if not newline:
        return False  # one line (or a first line longer than the head): read it whole
    if is_json(first):
        return True
    second = rest.lstrip(SPACE).partition(b"\n")
    return second[0][:1] == b"{" and bool(second[1]) and is_json(second[0])


def is_json(line):
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def java_message(error):
    """The Java exception's own message, without py4j's wrapping."""
    java = getattr(error, "java_exception", None)
    if java is not None:
        return str(java.getMessage() or java.toString())
    return str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
