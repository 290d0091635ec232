"""What one emulator starts from and keeps: its settings, its clock, ids, webhooks and every other record."""
