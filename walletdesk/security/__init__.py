"""Account security for customers: one-time codes, security events and the notices that go to
every channel a customer has. The self-service flows (freeze, recovery, two-factor, check-up,
evidence) are built on these and called by every channel's front end."""
