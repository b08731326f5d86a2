"""`python -m walletdesk …`, the same as the `walletdesk` command."""

from walletdesk.cli import main

raise SystemExit(main())
