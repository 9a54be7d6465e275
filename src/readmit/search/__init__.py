"""Finding cases: search by reference, names in any script, documents, status and dates;
open protection holds, a supervisor's team workload and an analyst's overview."""
