#!/usr/bin/env python3
"""Seed the benchmark's scale fixture into an emulator (moto): N IAM users with one inline policy
each, N S3 buckets, N security groups in the default VPC.

    seed_scale.py --endpoint-url http://127.0.0.1:5057 --scale 200

Idempotent: it reads what exists first (one paginated call per kind), creates only what is missing,
repairs what is incomplete, and removes benchmark resources whose index is >= N, so a rerun with the
same N leaves the same account and a rerun with a smaller N shrinks it. Only resources whose name
starts with the benchmark prefix are touched.

Fast: one process, one client per service shared by a small thread pool (the emulator is
single-threaded Python, so more workers buy little; 4 is about 20% faster than 1).

Variety, so that both the PASS and the FAIL paths of the checks are exercised:
  every 10th user's inline policy allows "*" on "*" (the others allow s3:GetObject on one bucket),
  every 10th bucket has a public-read ACL,
  every 4th security group opens SSH (22) to 0.0.0.0/0 (the others 443 from 10.0.0.0/8).

Prints one JSON line: counts present and created/updated/deleted per kind, and the seconds taken.
Exit code 0 on success, 1 on an API error, 2 on bad arguments.
"""

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - depends on the interpreter
    sys.exit("seed_scale.py: boto3 is missing; run it with localstack/.venv-moto/bin/python")


def user_name(prefix, i):
    return f"{prefix}-user-{i:05d}"


def bucket_name(prefix, i):
    return f"{prefix}-bucket-{i:05d}"


def sg_name(prefix, i):
    return f"{prefix}-sg-{i:05d}"


def index_of(name, stem):
    """The index in a benchmark name (`<prefix>-user-00042` -> 42), or None for anything else."""
    if not name.startswith(stem):
        return None
    tail = name[len(stem):]
    return int(tail) if tail.isdigit() else None


POLICY_NAME = "bench-inline"


def user_policy(prefix, i):
    if i % 10 == 0:
        statement = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    else:
        statement = {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{bucket_name(prefix, i)}/*",
        }
    return {"Version": "2012-10-17", "Statement": [statement]}


def sg_rule(i):
    if i % 4 == 0:
        return {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "bench: ssh open"}]}
    return {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "bench: https internal"}]}


def rule_present(permissions, rule):
    want_cidr = rule["IpRanges"][0]["CidrIp"]
    for p in permissions:
        if (p.get("IpProtocol") == rule["IpProtocol"] and p.get("FromPort") == rule["FromPort"]
                and p.get("ToPort") == rule["ToPort"]
                and any(r.get("CidrIp") == want_cidr for r in p.get("IpRanges", []))):
            return True
    return False


def policy_document(raw):
    """Inline policy documents come back as a dict (boto3 decodes them) or URL-encoded JSON."""
    if isinstance(raw, dict):
        return raw
    from urllib.parse import unquote
    return json.loads(unquote(raw))


def run(pool, fn, items):
    """Run fn over items on the pool; the first exception propagates."""
    return list(pool.map(fn, items))


def seed_iam(iam, pool, prefix, n):
    stem = f"{prefix}-user-"
    existing = {}  # name -> {policy name: document}
    pages = iam.get_paginator("get_account_authorization_details").paginate(Filter=["User"])
    for page in pages:
        for u in page.get("UserDetailList", []):
            if u["UserName"].startswith(stem):
                existing[u["UserName"]] = {
                    p["PolicyName"]: policy_document(p["PolicyDocument"])
                    for p in u.get("UserPolicyList", [])
                }
    created = updated = 0

    def ensure(i):
        name = user_name(prefix, i)
        doc = user_policy(prefix, i)
        made = fixed = 0
        if name not in existing:
            iam.create_user(UserName=name, Tags=[{"Key": "posture-bench", "Value": "scale"}])
            made = 1
        if existing.get(name, {}).get(POLICY_NAME) != doc:
            iam.put_user_policy(UserName=name, PolicyName=POLICY_NAME, PolicyDocument=json.dumps(doc))
            fixed = 0 if made else 1
        return made, fixed

    for made, fixed in run(pool, ensure, range(n)):
        created += made
        updated += fixed

    extra = [name for name in existing if (idx := index_of(name, stem)) is not None and idx >= n]

    def remove(name):
        for policy in existing[name]:
            iam.delete_user_policy(UserName=name, PolicyName=policy)
        iam.delete_user(UserName=name)

    run(pool, remove, extra)
    return {"present": n, "created": created, "updated": updated, "deleted": len(extra)}


def seed_s3(s3, pool, prefix, n):
    stem = f"{prefix}-bucket-"
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", []) if b["Name"].startswith(stem)}

    def ensure(i):
        name = bucket_name(prefix, i)
        made = 0
        if name not in existing:
            s3.create_bucket(Bucket=name)
            made = 1
        if i % 10 == 0:
            # Cheap and idempotent: reapplied on every run so that an interrupted run is repaired.
            s3.put_bucket_acl(Bucket=name, ACL="public-read")
        return made

    created = sum(run(pool, ensure, range(n)))
    extra = [b for b in existing if (idx := index_of(b, stem)) is not None and idx >= n]
    run(pool, lambda b: s3.delete_bucket(Bucket=b), extra)  # benchmark buckets hold no objects
    return {"present": n, "created": created, "deleted": len(extra)}


def seed_ec2(ec2, prefix, n):
    stem = f"{prefix}-sg-"
    existing = {}  # name -> group
    for page in ec2.get_paginator("describe_security_groups").paginate():
        for g in page.get("SecurityGroups", []):
            if g["GroupName"].startswith(stem):
                existing[g["GroupName"]] = g
    created = updated = 0

    def ensure(i):
        name = sg_name(prefix, i)
        rule = sg_rule(i)
        group = existing.get(name)
        if group is None:
            group_id = ec2.create_security_group(
                GroupName=name, Description=f"posture benchmark group {i}",
                TagSpecifications=[{"ResourceType": "security-group",
                                    "Tags": [{"Key": "posture-bench", "Value": "scale"}]}],
            )["GroupId"]
            ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[rule])
            return 1, 0
        if not rule_present(group.get("IpPermissions", []), rule):
            ec2.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[rule])
            return 0, 1
        return 0, 0

    # One at a time: moto 5.x walks a VPC's groups while creating one, without a lock, so
    # concurrent creates race ("dictionary changed size during iteration", an HTTP 500); the
    # longer the walk, the likelier, and at 1,000 groups every run met it.
    for made, fixed in map(ensure, range(n)):
        created += made
        updated += fixed
    extra = [g for name, g in existing.items() if (idx := index_of(name, stem)) is not None and idx >= n]
    for group in extra:
        ec2.delete_security_group(GroupId=group["GroupId"])
    return {"present": n, "created": created, "updated": updated, "deleted": len(extra)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint-url", required=True, help="emulator URL, e.g. http://127.0.0.1:5057")
    parser.add_argument("--scale", type=int, default=200, help="N of each resource kind (default 200)")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--prefix", default="posture-bench",
                        help="name prefix of every benchmark resource (lowercase; default posture-bench)")
    parser.add_argument("--workers", type=int, default=4, help="threads sharing the clients (default 4)")
    args = parser.parse_args(argv)
    if args.scale < 0 or args.scale > 99999:
        parser.error("--scale must be between 0 and 99999")
    if args.workers < 1:
        parser.error("--workers must be >= 1")
    if args.prefix != args.prefix.lower() or not args.prefix.replace("-", "").isalnum():
        parser.error("--prefix must be lowercase letters, digits and dashes (it names S3 buckets)")

    session = boto3.session.Session(
        aws_access_key_id="test", aws_secret_access_key="test", region_name=args.region)
    config = Config(
        s3={"addressing_style": "path"},
        retries={"max_attempts": 3, "mode": "standard"},
        max_pool_connections=max(10, args.workers * 2),
        connect_timeout=5, read_timeout=60,
    )
    clients = {name: session.client(name, endpoint_url=args.endpoint_url, config=config)
               for name in ("iam", "s3", "ec2")}

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            result = {
                "users": seed_iam(clients["iam"], pool, args.prefix, args.scale),
                "buckets": seed_s3(clients["s3"], pool, args.prefix, args.scale),
                "security_groups": seed_ec2(clients["ec2"], args.prefix, args.scale),
            }
    except (ClientError, BotoCoreError) as error:
        print(f"seed_scale.py: {error}", file=sys.stderr)
        return 1
    result["scale"] = args.scale
    result["seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
