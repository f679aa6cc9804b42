"""Writes of red property management. Each service takes the acting user, checks scope, and writes in one
transaction; the pages, the API, the demo and the tests all call these."""
