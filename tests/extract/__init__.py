"""Extraction tables, one module per rule family (mirrors graph/extract/)."""
