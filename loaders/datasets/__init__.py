"""Dataset loaders: ACLED and UCDP GED exports -> the same claims as the article pipeline.

``acled`` and ``ucdp`` parse rows, ``resolve`` maps their names to our ids, ``graph`` builds
batches and event signatures. Pure: the streaming, transactions and checkpoints live in
``kg.ingest.datasets``.
"""
