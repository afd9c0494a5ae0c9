"""Short names for the audiences (courses.choices.AudienceCode values) in the course tables."""

W, S, M, HR, U, T = "workers", "supervisors", "managers", "hr", "union", "trainers"
