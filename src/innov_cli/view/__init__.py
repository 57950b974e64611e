"""The view model every renderer consumes, and the wording that turns it into sentences."""
