"""Centre pages of the training follow-up: contracts, groups and the attendance register,
statements, agreed hours, social follow-up, exits, 6-month follow-ups and the survey tablet."""
