# Models arrive with this part's issue.
