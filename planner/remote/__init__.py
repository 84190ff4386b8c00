"""Remote sync of the data folder over git (`planner remote`): for now git's merge driver for
day files, which merges by record and never leaves conflict markers."""
