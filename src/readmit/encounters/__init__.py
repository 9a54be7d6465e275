"""Border encounters from the public CBP nationwide-encounters data, the demand behind
returns, shown beside applications and removals per nationality and month."""
