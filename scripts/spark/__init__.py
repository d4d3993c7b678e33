"""TrueReach on Apache Spark: the PySpark side of `scripts/spark-job` (docs/scale-out.md).

The product is the Swift binary; this package only cuts the input into partitions, pipes each
partition through `truereach` on the executors and hands the per-partition results to the binary's
merge steps on the driver:

- `cli`       parses `spark-job score|audit|bench` and maps failures to exit codes;
- `session`   starts Spark and ships the binary (`SparkContext.addFile`) and this package;
- `inputs`    lists the input files and decides how each is framed (lines, CSV, whole file);
- `plan`      builds one RDD over all files and the `Piece` (file, first line) of each partition;
- `partition` runs on the executors: one `truereach` process per partition;
- `binary`    finds the binary and runs its merge steps on the driver;
- `output`    writes to a temporary directory beside the target and publishes it by renaming;
- `score`, `audit` are the two jobs; `bench` measures them.
"""
