#!/bin/sh
# posture over an organization as an AWS Batch array job: 8 children, each reading its index from
# AWS_BATCH_JOB_ARRAY_INDEX (POSTURE_SHARD_COUNT=8 comes from the job definition), then one job
# that waits for the whole array and merges the shards' reports.
# The job role needs sts:AssumeRole on every account's audit role and S3 access to RESULTS.
set -eu
QUEUE=${QUEUE:?the Batch job queue}
RESULTS=s3://my-posture-results/run-1

posture accounts discover --role-name PostureAudit -o accounts.jsonl   # review it, then:
aws s3 cp accounts.jsonl "$RESULTS/accounts.jsonl"
aws batch register-job-definition --cli-input-json file://job-definition.json >/dev/null

array=$(aws batch submit-job --job-name posture-shards --job-queue "$QUEUE" \
  --job-definition posture-org --array-properties size=8 --query jobId --output text)

# No dependency type: the merge starts once every child of the array has finished.
aws batch submit-job --job-name posture-merge --job-queue "$QUEUE" --job-definition posture-org \
  --depends-on "jobId=$array" \
  --container-overrides '{"command": ["sh", "-c", "aws s3 cp --recursive \"$RESULTS\" in --exclude \"*\" --include \"shard-*.json\" --include accounts.jsonl && posture merge in/shard-*.json --accounts in/accounts.jsonl --output-dir merged --fail-on high; code=$?; aws s3 cp --recursive merged \"$RESULTS/merged\"; exit $code"]}'
