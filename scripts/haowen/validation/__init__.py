"""`haowen validate`: cross-checks over a loaded catalogue, and the two-process run for large files."""
