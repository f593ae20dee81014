"""The "còn thiếu gì" (what is still missing) report: content, PDF, Excel (docs/missing-report.md)."""
