"""Evidence from household records: event logs (CSV, Parquet, XES) aggregated per journey.

``logs`` reads a log into an embedded DuckDB table (pseudonymous case ids, mapped columns
only), ``matching`` ties its activities to the journey's steps, ``aggregate`` counts households
per step, transition, barrier and route, ``privacy`` hides small counts and finds personal data
in notes, and ``apply`` writes the counts into a new revision of the journey. Every SQL
statement lives in ``sql``.
"""
