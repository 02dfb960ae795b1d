"""Measuring the engine: figures on case files beside a plain TF-IDF baseline."""
