"""Long work started from the web app (register loads, batch verification, statistics
exports) as background jobs: a queue in the database that worker processes claim, with
progress any server process reads."""
