-- Uploads still "in_progress" when the database is opened: the process that wrote them died
-- between the audit row and the data. Nothing of theirs was written; they become "failed".
-- Parameters: $reason (VARCHAR).
UPDATE upload SET status = 'failed', rows = 0,
       details = json_merge_patch(coalesce(details, '{}'::JSON), json_object('failure', $reason::VARCHAR))
WHERE status = 'in_progress'
