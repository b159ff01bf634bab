#!/usr/bin/env python3
"""Seeds an organization for bench/org_accounts.sh on moto: the management account creates an
organization and ACCOUNTS member accounts, and in each member (entered through AssumeRole, which
moto grants on any role) creates a few dozen resources: IAM users with an inline policy, S3 buckets
and security groups (every 4th open to SSH). Prints the member ids, one per line.

    seed_org.py ENDPOINT ACCOUNTS [PER_ACCOUNT]
"""

import sys

import boto3

ROLE = "OrganizationAccountAccessRole"


def client(service, endpoint, **credentials):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", **credentials)


def main():
    endpoint, count = sys.argv[1], int(sys.argv[2])
    per_account = int(sys.argv[3]) if len(sys.argv) > 3 else 24
    base = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    org = client("organizations", endpoint, **base)
    try:
        org.create_organization(FeatureSet="ALL")
    except org.exceptions.AlreadyInOrganizationException:
        pass
    existing = {a["Name"]: a["Id"] for page in org.get_paginator("list_accounts").paginate() for a in page["Accounts"]}
    sts = client("sts", endpoint, **base)
    for index in range(count):
        name = f"bench-{index:04d}"
        account = existing.get(name)
        if account is None:
            created = org.create_account(Email=f"{name}@example.com", AccountName=name)
            account = created["CreateAccountStatus"]["AccountId"]
            role = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="seed")
            keys = role["Credentials"]
            member = {
                "aws_access_key_id": keys["AccessKeyId"],
                "aws_secret_access_key": keys["SecretAccessKey"],
                "aws_session_token": keys["SessionToken"],
            }
            iam, s3, ec2 = (client(s, endpoint, **member) for s in ("iam", "s3", "ec2"))
            for n in range(per_account // 3):
                iam.create_user(UserName=f"user-{n}")
                iam.put_user_policy(
                    UserName=f"user-{n}",
                    PolicyName="p",
                    PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
                )
                s3.create_bucket(Bucket=f"{name}-{account}-b{n}")
                group = ec2.create_security_group(GroupName=f"sg-{n}", Description="bench")["GroupId"]
                if n % 4 == 0:
                    ec2.authorize_security_group_ingress(
                        GroupId=group, IpProtocol="tcp", FromPort=22, ToPort=22, CidrIp="0.0.0.0/0"
                    )
        print(account)


if __name__ == "__main__":
    main()
