"""Background tasks for audits: none so far. The daily reminders run as the `audit_reminders`
command, started by the built-in scheduler (`assure.core.scheduler`) or by cron."""
