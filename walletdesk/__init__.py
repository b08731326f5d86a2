"""WalletDesk: the customer-service system of a digital wallet."""
