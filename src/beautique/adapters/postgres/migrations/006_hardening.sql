-- Idempotency keys are short leases. `lease_token` names the attempt holding an in-flight key,
-- so an attempt whose lease ran out (and was taken over by a retry) can no longer finish it.
-- While in flight, `expires_at` is the end of the lease; once finished, the end of replays.
ALTER TABLE idempotency_keys ADD COLUMN lease_token text;
-- Keys claimed before this change held a 24-hour "lease": free them now (an attempt of the
-- previous version still running finishes its key as before).
UPDATE idempotency_keys SET expires_at = created_at WHERE state = 'in_flight';
