"""The Spark driver: the stage functions of the local driver mapped over partitions.

`reprise spark run` reads JSONL, WARC or Parquet, and writes one Parquet dataset folder per
table (the columns of `reprise export`); `reprise spark load` brings them into a store.
The result is the one `reprise run` gives on the same input, whatever the partitioning:

* `read`: the inputs in the local driver's order (paths expanded and sorted, records in file order);
* `prepare`: cleaning grouped by outlet, each outlet's articles in input order in one task
  (outlet-learned boilerplate is state per outlet only);
* `duplicates`: MinHash band keys joined, exact Jaccard verified, groups by `duplicate_groups`;
* `reuse`: shingle postings, the document-frequency filter as a rank, the same aligner;
* `driver`: the stages end to end; `tables`: the output tables; `load`: into a store.
"""

MISSING = 'the Spark driver needs pyspark: pip install "reprise[spark]"'
