"""Writing results: one dispatcher, machine formats by the standard library, tables by Rich."""
