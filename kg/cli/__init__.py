"""The ``kg`` command line: one small module per command group."""
