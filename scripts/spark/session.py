"""Starts Spark for a job and ships what the executors need: the `truereach` binary
(`SparkContext.addFile`, found there with `SparkFiles.get`), any model file, and this package
(`addPyFile`, a zip), so the partition functions unpickle on any cluster.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from .errors import FAILURE, JobError

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def check_java():
    """Spark needs a Java runtime (8, 11 or 17 for Spark 3.5): say so plainly if there is none."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        where = f"JAVA_HOME={home} has no bin/java" if home else "no `java` on PATH and JAVA_HOME is unset"
        raise JobError(f"Spark needs Java (17 is tested) and none was found: {where}. Install a JDK "
                       "(Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME.")
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise JobError(f"Spark needs Java, and {java} does not run: {error}")


def start(master, app_name, conf=None):
    """A SparkSession on `master`, quiet on standard error (warnings only, no progress bar)."""
    check_java()
    from pyspark.sql import SparkSession

    if master.startswith("local"):
        if not os.environ.get("PYSPARK_PYTHON"):
            os.environ["PYSPARK_PYTHON"] = sys.executable  # local workers: this venv's Python
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode listens on loopback only
    log4j = os.path.join(PACKAGE_DIR, "log4j2.properties")
    builder = (
        SparkSession.builder.master(master).appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as error:
        raise JobError(f"Spark did not start on {master}: {error}", FAILURE)
    # A failed partition is reported once, as the binary's message (job.Job.action), not as the
    # task's stack traces; TRUEREACH_SPARK_LOG_LEVEL=WARN (or INFO) shows Spark's own log.
    spark.sparkContext.setLogLevel(os.environ.get("TRUEREACH_SPARK_LOG_LEVEL", "FATAL"))
    return spark


def ship_file(sc, path):
    """Sends a local file to every executor; returns the name SparkFiles.get finds it by."""
    sc.addFile(os.path.abspath(path))
    return os.path.basename(path)


def ship_package(sc, scratch):
    """Zips this package into `scratch` and adds it to the executors' Python path."""
    archive = os.path.join(scratch, "truereach_spark.zip")
    package = os.path.basename(PACKAGE_DIR)
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in sorted(os.listdir(PACKAGE_DIR)):
            if name.endswith(".py"):
                zipped.write(os.path.join(PACKAGE_DIR, name), f"{package}/{name}")
    sc.addPyFile(archive)


class Scratch:
    """A temporary directory on the driver for the job's side files, removed at the end."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="truereach-spark-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
        return False
