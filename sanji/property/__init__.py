"""Red property management (红色物业): compounds, consultations, owners' votes and committee re-election."""
