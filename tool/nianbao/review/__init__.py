"""What a disclosure office sends back after checking a batch: a review
letter (审核意见) per report, as .docx and HTML, and a summary of the batch
(CSV and .xlsx)."""
