"""The floor: the fewest AWS calls that answer the checks bench/compare.sh compares, made
concurrently with plain boto3, converted into nothing. No verdict is computed: this is the cost of
the facts, the limit a collector can approach, not a competing auditor.

Calls, for the compared IAM root/user/password checks, S3 public access checks and EC2 security
group checks:
  iam  GenerateCredentialReport, GetCredentialReport (root and console-user MFA, root keys and
       use), GetAccountSummary (root MFA), ListVirtualMFADevices (hardware or virtual root MFA),
       GetAccountPasswordPolicy, GetAccountAuthorizationDetails (paginated: inline and attached
       policies)
  s3   s3control GetPublicAccessBlock; ListBuckets (paginated; on AWS it carries each bucket's
       region); per bucket GetBucketPublicAccessBlock, GetBucketAcl, GetBucketOwnershipControls,
       GetBucketPolicy, GetBucketPolicyStatus, and GetBucketLocation where ListBuckets gave no
       BucketRegion (moto gives none): each finding names its bucket's region, so the facts
       include it
  ec2  DescribeSecurityGroups (paginated)

Prints one JSON line: how many calls it made (its own count; bench/compare.sh counts moto's log)
and the resources it saw.
"""

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--workers", type=int, default=32)
    args = parser.parse_args()
    config = Config(retries={"mode": "adaptive", "max_attempts": 10},
                    max_pool_connections=args.workers, s3={"addressing_style": "path"},
                    inject_host_prefix=False)
    session = boto3.session.Session(region_name=args.region)
    client = lambda name: session.client(name, endpoint_url=args.endpoint_url, config=config)
    iam, s3, s3control, ec2, sts = (client(n) for n in ("iam", "s3", "s3control", "ec2", "sts"))
    calls = {"n": 0}

    def call(fn, **kwargs):
        calls["n"] += 1
        try:
            return fn(**kwargs)
        except ClientError:
            return None

    def pages(paginator, key, **kwargs):
        out = []
        for page in paginator.paginate(**kwargs):
            calls["n"] += 1
            out.extend(page.get(key, []))
        return out

    account = call(sts.get_caller_identity)["Account"]

    # S3 Control's endpoint rules put the account id in front of the host, which does not resolve
    # on an emulator: send it to the endpoint as given.
    def unprefixed(request, **_):
        request.url = request.url.replace(f"//{account}.", "//", 1)
    s3control.meta.events.register("before-sign.s3-control.*", unprefixed)

    def credential_report():
        for _ in range(20):
            state = call(iam.generate_credential_report)
            if state and state.get("State") == "COMPLETE":
                break
            time.sleep(0.1)
        return call(iam.get_credential_report)

    def bucket(listed):
        operations = ["get_public_access_block", "get_bucket_acl", "get_bucket_ownership_controls",
                      "get_bucket_policy", "get_bucket_policy_status"]
        if not listed.get("BucketRegion"):
            operations.append("get_bucket_location")
        return [call(getattr(s3, op), Bucket=listed["Name"]) for op in operations]

    with ThreadPoolExecutor(args.workers) as pool:
        account_level = [
            pool.submit(credential_report),
            pool.submit(call, iam.get_account_summary),
            pool.submit(call, iam.list_virtual_mfa_devices),
            pool.submit(call, iam.get_account_password_policy),
            pool.submit(call, s3control.get_public_access_block, AccountId=account),
        ]
        details = pool.submit(pages, iam.get_paginator("get_account_authorization_details"),
                              "UserDetailList")
        groups = pool.submit(pages, ec2.get_paginator("describe_security_groups"), "SecurityGroups")
        buckets = pages(s3.get_paginator("list_buckets"), "Buckets")
        answers = list(pool.map(bucket, buckets))
        for future in account_level:
            future.result()
        users, sgs = details.result(), groups.result()
    print(json.dumps({"calls": calls["n"], "users": len(users), "buckets": len(answers),
                      "security_groups": len(sgs)}))


if __name__ == "__main__":
    sys.exit(main())
