"""Writes a job's output directory so that it appears complete or not at all.

Spark writes into `.NAME.spark-job-<random>` beside the target (same file system); only after the
issue limits pass is it renamed to the target. An existing target is replaced only if it is a
previous output of this job (a `_SUCCESS` marker and nothing but `part-*` files beside it);
anything else is refused, so a typo cannot delete a directory of the user's.
"""

import uuid

from .errors import CANNOT_OPEN, JobError


class Staging:
    """The temporary directory a job writes to, and its publication as the target."""

    def __init__(self, sc, target):
        jvm = sc._jvm
        self.target_text = target
        path = jvm.org.apache.hadoop.fs.Path(target)
        self.fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
        self.target = self.fs.makeQualified(path)
        parent = self.target.getParent()
        tag = uuid.uuid4().hex[:12]
        self.path = jvm.org.apache.hadoop.fs.Path(parent, f".{self.target.getName()}.spark-job-{tag}")
        self.old = jvm.org.apache.hadoop.fs.Path(parent, f".{self.target.getName()}.spark-job-{tag}-old")
        self.check_target()

    @property
    def uri(self):
        return self.path.toString()

    def check_target(self):
        if not self.fs.exists(self.target):
            return
        if not self.fs.getFileStatus(self.target).isDirectory() or not self.is_previous_output():
            raise JobError(f"{self.target_text} exists and is not an output of scripts/spark-job "
                           "(a _SUCCESS file and part-* files): remove it or choose another OUTPUT_DIR",
                           CANNOT_OPEN)

    def is_previous_output(self):
        names = [status.getPath().getName() for status in self.fs.listStatus(self.target)]
        if "_SUCCESS" not in names:
            return False
        allowed = ("part-", "_SUCCESS", ".part-", "._SUCCESS")
        return all(name.startswith(allowed) for name in names)

    def publish(self):
        """Moves the finished output into place (replacing a previous output)."""
        replacing = self.fs.exists(self.target)
        if replacing and not self.fs.rename(self.target, self.old):
            raise JobError(f"{self.target_text}: the previous output could not be moved aside", CANNOT_OPEN)
        if not self.fs.rename(self.path, self.target):
            if replacing:
                self.fs.rename(self.old, self.target)
            raise JobError(f"{self.target_text}: the output could not be moved into place from {self.uri}",
                           CANNOT_OPEN)
        if replacing:
            self.fs.delete(self.old, True)

    def discard(self):
        self.fs.delete(self.path, True)
