"""Benchmarks: `flask --app lms bench reports|imports|media`. Only the CLI registration
imports this package; the app never does."""
