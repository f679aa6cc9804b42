"""Pages of red property management, one module per part: compounds, consultations, votes, re-elections, owners."""
