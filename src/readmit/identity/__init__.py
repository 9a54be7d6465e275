"""Identity verification: match an application to a population register."""
