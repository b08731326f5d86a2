"""Portal views, one module per room: pages, session, wallet, contact, tickets, attachments."""
