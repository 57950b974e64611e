"""innov: rank, compare and script the world's innovation regions."""

__version__ = "0.1.0"
