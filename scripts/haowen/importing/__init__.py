"""Reading links out of Markdown link lists for `haowen import`."""
