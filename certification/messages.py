"""What certificates tell their holders and factory HR, through lms.messaging (filled in below)."""
