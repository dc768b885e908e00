"""Site search: one index document per link, Chinese segmentation, the patched query worker."""
