"""A SparkSession that talks over loopback only, and reads the same Python as this process."""

from __future__ import annotations

import os
import sys

from . import MISSING


class SparkUnavailable(Exception):
    """pyspark or Java is missing, or Spark could not start; the message says what to do."""


def start(master: str = "local[*]", partitions: int | None = None, conf: dict[str, str] | None = None):
    """A SparkSession on `master`; `partitions` sets the shuffle width (default: twice the cores)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(MISSING) from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (SparkSession.builder.master(master).appName("reprise")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.adaptive.enabled", "false"))  # fixed partition counts: runs comparable
    if partitions:
        builder = (builder.config("spark.sql.shuffle.partitions", str(partitions))
                   .config("spark.default.parallelism", str(partitions)))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as err:  # no Java, or a JVM that would not start
        raise SparkUnavailable(f"Spark could not start (Java 17 is needed: java -version): {_first_line(err)}") from None
    spark.sparkContext.setLogLevel("ERROR")
    if not partitions:
        spark.conf.set("spark.sql.shuffle.partitions", str(2 * spark.sparkContext.defaultParallelism))
    return spark


def width(spark) -> int:
    """The number of partitions shuffles use."""
    return int(spark.conf.get("spark.sql.shuffle.partitions"))


def _first_line(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return text[0][:300] if text else type(err).__name__
