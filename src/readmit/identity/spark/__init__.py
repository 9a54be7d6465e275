"""The identity engine past one machine, on Spark: a register prepared into partitioned Parquet
(`register`), and a file of applications verified against it (`verify`) by the same Python
keying, comparison and model code as the single-machine engine."""
