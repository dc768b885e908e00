from haowen.cli import run

run()
