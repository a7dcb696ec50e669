"""lodpub: publish ministers' answers to Folketinget's questions as linked open data."""
