#!/usr/bin/env python3
"""Seed a deliberately misconfigured "learner's first account" into an AWS emulator.

    python localstack/seed_sandbox.py --endpoint-url http://127.0.0.1:4566 [--region us-east-1]
                                      [--mode misconfigured|hardened] [--summary-json FILE]

Run it with the emulator venv's python (boto3 and cryptography are there), e.g.
localstack/.venv-localstack/bin/python or localstack/.venv-moto/bin/python.

--mode misconfigured (default) creates, for every posture check an emulator can express, at least
one resource that FAILS it and one that PASSES it. Names say what they are (learn-...), and each
resource carries a comment (and, where the API takes tags, a `posture:teaches` tag) naming the check
it teaches.

--mode hardened repairs or deletes every seeded misconfiguration, so that the account audits with no
FAIL for the checks the emulator can express (root-account checks excepted: no emulator can give
its root user MFA; see emulator-mutelist.toml). Switching modes back and forth converges: each run
sets every setting it cares about explicitly.

Re-running is harmless: everything is create-or-update, "already exists" is not an error.
A service the endpoint does not implement (HTTP 501, LocalStack's licence message, moto's 500 page)
is reported as "skipped: <service> not available on this endpoint" and the run goes on.

Exit status: 0 when every available service was seeded, 1 when some step failed unexpectedly
(printed as "error: ..."), 2 on bad arguments, 3 when the endpoint is unreachable, 4 when it is
neither LocalStack nor moto (the expected verdicts depend on which emulator answers).

--summary-json FILE writes the seeder's record of what the audit should report, the single source
the end-to-end tests pin (tests/it/emulator.rs). Schema "posture.seed/v2":

    {"schema": "posture.seed/v2",
     "emulator": "localstack" | "moto",     # detected: GET /_localstack/health, /moto-api/config
     "endpoint_url": str, "region": str, "account": str, "mode": "misconfigured" | "hardened",
     "verdicts": [{"service": str,        # the seeding section that made the resource
                   "resource": str,       # the resource's name or id as posture reports it
                                          # (contains "learn-"), or "account" / "region" for an
                                          # account-wide / region-wide setting
                   "check": str, "verdict": "PASS" | "FAIL" | "ERROR",
                   "why": str}],          # what makes it so, where the seeding code alone does not say
     "unavailable": [{"service": str,     # a service the endpoint does not serve, named as
                                          # posture names what its checks read (cloudtrail, rds,
                                          # accessanalyzer, ...): every check reading it is ERROR
                      "why": str}],       # the endpoint's answer to the first call
     "removed": [str], "skipped": [str], "errors": [str]}

Every verdict comes from one self.note(...) next to the code that creates or configures the
resource; where an emulator departs from AWS the note says what that emulator gives and why.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.request
import zipfile
from urllib.parse import urlsplit, urlunsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

TAG_KEY = "posture:teaches"
# Long enough for the hardened password policy (14+), so re-running in either mode never trips it.
CONSOLE_PASSWORD = "Learn-Sandbox-Passw0rd!42"
DB_PASSWORD = "learn-sandbox-db-pass-42"

# The checks every IAM user, and every group and role, is judged by (PASS unless a note says why not).
USER_CHECKS = ("iam.access_keys_rotated", "iam.unused_credentials_disabled", "iam.user_console_mfa_enabled",
               "iam.console_user_no_unused_access_key",
               "iam.user_single_active_access_key", "iam.user_permissions_via_groups_only",
               "iam.no_inline_policies", "iam.no_cloudshell_full_access")
GROUP_AND_ROLE_CHECKS = ("iam.no_inline_policies", "iam.no_cloudshell_full_access")
# The checks over role trust policies; a role only an AWS service may assume passes them all.
TRUST_CHECKS = ("iam.role_trust_not_public", "iam.role_external_trust_requires_external_id",
                "iam.role_federated_trust_pinned", "iam.external_access_trusted_only")
PRIVESC = "iam.no_privilege_escalation"
# iam.no_privilege_escalation reads the documents of attached AWS managed policies from the
# account; the service policies the sandbox attaches grant no escalation path.
AWS_MANAGED_READ = "the attached AWS managed policy's document grants no escalation path"
NO_PATH = "no IAM write action or PassRole"
# Why those PASS even for a learner's sloppiest user: nothing in an emulator is old.
NOTHING_IS_OLD = {"iam.access_keys_rotated": "keys created seconds ago; an emulator cannot back-date a key",
                  "iam.unused_credentials_disabled": "credentials created seconds ago; nothing is 45 days unused"}

ALLOW_ALL = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
# The benchmark's metric filter for each CIS section 4 check (hardened mode creates them all).
MONITORING_FILTERS = {
    'cloudwatch.cloudtrail_changes_monitored': '{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) }',
    'cloudwatch.config_changes_monitored': '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
    'cloudwatch.console_auth_failures_monitored': '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    'cloudwatch.console_sign_in_without_mfa_monitored': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    'cloudwatch.iam_policy_changes_monitored': '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }',
    'cloudwatch.kms_key_disable_or_deletion_monitored': '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    'cloudwatch.nacl_changes_monitored': '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    'cloudwatch.network_gateway_changes_monitored': '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
    'cloudwatch.organizations_changes_monitored': '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }',
    'cloudwatch.root_usage_monitored': '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    'cloudwatch.route_table_changes_monitored': '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
    'cloudwatch.s3_bucket_policy_changes_monitored': '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    'cloudwatch.security_group_changes_monitored': '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    'cloudwatch.unauthorized_api_calls_monitored': '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    'cloudwatch.vpc_changes_monitored': '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) }',
}
TRAIL_LOG_GROUP = "learn-trail-logs"
ALERT_TOPIC = "learn-security-alerts"

READ_ONLY_S3 = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]}


def trust(service: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})


def err_code(exc: Exception) -> str:
    return exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""


def is_unavailable(exc: Exception, loose: bool = False) -> bool:
    """True when the endpoint does not implement a service or operation at all.

    LocalStack answers 501 InternalFailure "not included in your current license plan or has not
    yet been emulated". moto answers a bare HTML 500/404 page for services it lacks, so the parsed
    error code is just the status number: that reading is only trusted (loose=True) for the
    first, read-only probe call of a service, where a 404/500 cannot mean anything else."""
    if not isinstance(exc, ClientError):
        return False
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    code = err_code(exc)
    msg = str(exc.response.get("Error", {}).get("Message", ""))
    if status == 501 or code in ("NotImplemented", "NotImplementedError") \
            or "not yet been emulated" in msg or "license plan" in msg:
        return True
    return loose and (code.isdigit() or status in (404, 500))


def detect_emulator(endpoint: str) -> str | None:
    """"localstack" or "moto" from each emulator's own introspection route, None for anything else.

    The account id would be a weaker tell: both emulators let it be configured."""
    for emulator, path in (("localstack", "/_localstack/health"), ("moto", "/moto-api/config")):
        try:
            with urllib.request.urlopen(endpoint.rstrip("/") + path, timeout=5) as reply:
                body = json.loads(reply.read() or b"null")
        except (urllib.error.URLError, OSError, ValueError):
            continue
        if emulator == "localstack" and isinstance(body, dict) and "services" in body:
            return emulator
        if emulator == "moto" and isinstance(body, dict) and "lambda" in body:
            return emulator
    return None


# Resource labels the end-to-end test can match: posture reports a seeded resource under its name
# or id (which carries "learn-"), and account- or region-wide settings under the account or region.
ACCOUNT, REGION = "account", "region"
VERDICTS = ("PASS", "FAIL", "ERROR")


class Unavailable(Exception):
    """The endpoint lacks a service (no message) or a feature the section needs (message)."""


class Seeder:
    def __init__(self, endpoint: str, region: str, mode: str):
        self.endpoint, self.region, self.mode = endpoint, region, mode
        self.emulator = ""                 # "localstack" or "moto", detected by run()
        self.hardened = mode == "hardened"
        # Always the dummy credentials emulators accept, never the caller's: this script creates
        # admin users and public buckets, and with "test"/"test" a real AWS endpoint can only
        # answer InvalidClientTokenId.
        self.session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                             region_name=region)
        self._clients: dict[tuple[str, int, str | None], object] = {}
        self.records: list[dict] = []      # what was seeded and the verdict it should produce
        self.unavailable: list[dict] = []  # services the endpoint does not serve at all
        self.removed: list[str] = []       # what hardened mode deleted
        self.skipped: list[str] = []       # services/features the endpoint lacks
        self.errors: list[str] = []
        self.account = ""
        self.kms_key_arn: str | None = None   # learn-key-rotating, reused for SSE-KMS etc.
        self.lambda_arns: dict[str, str] = {}
        self.log_bucket_ok = False
        self.trail_log_group_arn: str | None = None   # the CIS 4.x monitored log group

    @property
    def moto(self) -> bool:
        return self.emulator == "moto"

    # ------------------------------------------------------------------ plumbing
    def c(self, name: str, attempts: int = 2, region: str | None = None):
        """One client per service (and region, for the global services' us-east-1 APIs) for the
        whole run (client creation costs ~50 ms each)."""
        key = (name, attempts, region)
        if key not in self._clients:
            cfg = Config(retries={"max_attempts": attempts, "mode": "standard"},
                         connect_timeout=5, read_timeout=60,
                         # Emulators serve S3 by path; virtual-host names would not resolve.
                         s3={"addressing_style": "path"})
            client = self.session.client(name, endpoint_url=self.endpoint, config=cfg,
                                         region_name=region or self.region)
            if name == "s3control":
                # The SDK's endpoint rules put the account id in front of the host
                # ("000000000000.127.0.0.1"), which does not resolve; both emulators route
                # s3control by path, so send it to the plain override URL instead.
                want = urlsplit(self.endpoint).netloc

                def plain_host(request, **_):
                    parts = urlsplit(request.url)
                    if parts.netloc != want:
                        request.url = urlunsplit(parts._replace(netloc=want))
                client.meta.events.register("before-sign.s3-control", plain_host)
            self._clients[key] = client
        return self._clients[key]

    def note(self, service: str, resource: str, check: str, verdict: str, why: str = "") -> None:
        """Record the verdict `check` should give `resource` (a label as posture reports it)."""
        if resource not in (ACCOUNT, REGION) and "learn-" not in resource:
            raise ValueError(f"note: {resource!r} is not a label the audit reports (learn-..., account, region)")
        if verdict not in VERDICTS:
            raise ValueError(f"note: {verdict!r} is not one of {VERDICTS}")
        for r in self.records:
            if (r["check"], r["resource"]) == (check, resource):
                if r["verdict"] != verdict:
                    raise ValueError(f"note: {check} on {resource} recorded as both {r['verdict']} and {verdict}")
                return
        self.records.append({"service": service, "resource": resource, "check": check,
                             "verdict": verdict, "why": why})

    def gone(self, what: str) -> None:
        self.removed.append(what)

    def skip(self, what: str, reason: str = "") -> None:
        print(f"skipped: {what} " + (f"({reason})" if reason else "not available on this endpoint"))
        self.skipped.append(f"{what}: {reason}" if reason else what)

    @staticmethod
    def probe(fn, **kwargs):
        """First, read-only call of a service: any sign that the service is absent -> Unavailable."""
        try:
            return fn(**kwargs)
        except ClientError as exc:
            if is_unavailable(exc, loose=True):
                raise Unavailable() from exc
            raise
        except BotoCoreError as exc:   # e.g. an HTML page the parser cannot read
            raise Unavailable() from exc

    def service_unavailable(self, service: str, cause: BaseException | None) -> None:
        """The endpoint does not serve `service`: every posture check reading it must be ERROR."""
        self.skip(service)
        if isinstance(cause, ClientError):
            err = cause.response.get("Error", {})
            status = cause.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            message = str(err.get("Message", ""))
            if message.lstrip().startswith("<"):   # moto's HTML page for a service it lacks
                message = "an HTML error page, no AWS error"
            why = f"HTTP {status} {err.get('Code', '')}: {message}".strip(": ")
        else:
            why = f"{type(cause).__name__}: {cause}" if cause else "not served"
        self.unavailable.append({"service": service, "why": why[:200]})

    def section(self, service: str, fn) -> None:
        t0 = time.monotonic()
        try:
            fn()
        except Unavailable as exc:
            if os.environ.get("SEED_DEBUG"):
                traceback.print_exc()
            if str(exc):   # a feature the section needs is missing, not the whole service
                self.skip(service, str(exc))
            else:
                self.service_unavailable(service, exc.__cause__)
        except Exception as exc:  # noqa: BLE001 — one service failing must not stop the others
            if is_unavailable(exc):
                if os.environ.get("SEED_DEBUG"):
                    traceback.print_exc()
                self.service_unavailable(service, exc)
            else:
                msg = f"{service}: {type(exc).__name__}: {exc}"
                print(f"error: {msg}", file=sys.stderr)
                if os.environ.get("SEED_DEBUG"):
                    traceback.print_exc()
                self.errors.append(msg)
        else:
            print(f"  {service:<15} done in {time.monotonic() - t0:4.1f}s")

    @staticmethod
    def quietly(fn, *ignore: str, **kwargs):
        """Call fn(**kwargs); swallow the listed error codes (AlreadyExists, NoSuchEntity, ...)."""
        try:
            return fn(**kwargs)
        except ClientError as exc:
            if err_code(exc) in ignore:
                return None
            raise

    def tags(self, check: str, name: str | None = None, key: str = "Key", value: str = "Value"):
        out = [{key: TAG_KEY, value: check}]
        if name:
            out.append({key: "Name", value: name})
        return out

    def ec2_tags(self, rtype: str, name: str, check: str):
        return [{"ResourceType": rtype, "Tags": self.tags(check, name)}]

    # ================================================================== KMS
    def kms(self) -> None:
        kms = self.c("kms")

        def key_for(alias: str, check: str) -> str:
            try:
                return kms.describe_key(KeyId=f"alias/{alias}")["KeyMetadata"]["Arn"]
            except ClientError as exc:
                if err_code(exc) != "NotFoundException":
                    raise
            arn = kms.create_key(Description=f"{alias}: teaches {check}",
                                 Tags=self.tags(check, key="TagKey", value="TagValue"))["KeyMetadata"]["Arn"]
            kms.create_alias(AliasName=f"alias/{alias}", TargetKeyId=arn)
            return arn

        # kms.key_rotation_enabled — FAIL in misconfigured mode; hardened mode turns rotation on
        # (the fix itself: a key cannot be deleted at once, only scheduled for deletion).
        arn = key_for("learn-key-no-rotation", "kms.key_rotation_enabled")
        if self.hardened:
            kms.enable_key_rotation(KeyId=arn)
        else:
            kms.disable_key_rotation(KeyId=arn)
        on = kms.get_key_rotation_status(KeyId=arn)["KeyRotationEnabled"]
        self.note("kms", "alias/learn-key-no-rotation", "kms.key_rotation_enabled",
                  "PASS" if on else "FAIL", "rotation turned on by hardened mode" if on else "")

        # kms.key_rotation_enabled — PASS: customer key with yearly rotation; also the key used
        # for SSE-KMS on the private buckets, CloudTrail and encrypted RDS/EFS below.
        arn = key_for("learn-key-rotating", "kms.key_rotation_enabled")
        kms.enable_key_rotation(KeyId=arn)
        self.kms_key_arn = arn
        self.note("kms", "alias/learn-key-rotating", "kms.key_rotation_enabled", "PASS")
        for alias in ("learn-key-no-rotation", "learn-key-rotating"):
            self.note("kms", f"alias/{alias}", "kms.key_not_pending_deletion", "PASS")

        # kms.key_policy_not_public — FAIL: learn-key-no-rotation also lets any AWS principal
        # decrypt (hardened: back to an account-only policy); learn-key-rotating keeps the
        # default policy (PASS).
        owner = {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.account}:root"},
                 "Action": "kms:*", "Resource": "*"}
        anyone = {"Sid": "AnyoneDecrypts", "Effect": "Allow", "Principal": {"AWS": "*"},
                  "Action": "kms:Decrypt", "Resource": "*"}
        statements = [owner] if self.hardened else [owner, anyone]
        kms.put_key_policy(KeyId=key_for("learn-key-no-rotation", "kms.key_rotation_enabled"), PolicyName="default",
                           Policy=json.dumps({"Version": "2012-10-17", "Statement": statements}))
        self.note("kms", "alias/learn-key-no-rotation", "kms.key_policy_not_public",
                  "PASS" if self.hardened else "FAIL", "" if self.hardened else 'kms:Decrypt to {"AWS": "*"}')
        self.note("kms", "alias/learn-key-rotating", "kms.key_policy_not_public", "PASS", "default key policy")

    # ================================================================== IAM
    def ensure_user(self, name: str, check: str) -> None:
        self.quietly(self.c("iam").create_user, "EntityAlreadyExists",
                     UserName=name, Tags=self.tags(check))

    def note_identity(self, name: str, checks: tuple, fails: dict[str, str] | None = None) -> None:
        """Note every identity check on user/group/role `name`: FAIL for `fails` (check -> why),
        PASS for the rest."""
        fails = fails or {}
        for chk in checks:
            if chk in fails:
                self.note("iam", name, chk, "FAIL", fails[chk])
            else:
                self.note("iam", name, chk, "PASS", NOTHING_IS_OLD.get(chk, ""))

    def ensure_group(self, name: str, fails: dict[str, str] | None = None) -> None:
        self.quietly(self.c("iam").create_group, "EntityAlreadyExists", GroupName=name)
        self.note_identity(name, GROUP_AND_ROLE_CHECKS, fails)

    def ensure_role(self, name: str, service: str, check: str, fails: dict[str, str] | None = None) -> str:
        iam = self.c("iam")
        self.quietly(iam.create_role, "EntityAlreadyExists", RoleName=name,
                     AssumeRolePolicyDocument=trust(service), Tags=self.tags(check))
        self.note_identity(name, GROUP_AND_ROLE_CHECKS, fails)
        for chk in TRUST_CHECKS:
            self.note("iam", name, chk, "PASS", f"only {service} may assume it")
        return iam.get_role(RoleName=name)["Role"]["Arn"]

    def ensure_policy(self, name: str, doc: dict, check: str) -> str:
        self.quietly(self.c("iam").create_policy, "EntityAlreadyExists", PolicyName=name,
                     PolicyDocument=json.dumps(doc), Tags=self.tags(check))
        return f"arn:aws:iam::{self.account}:policy/{name}"

    def aws_policy(self, name: str) -> str | None:
        """ARN of an AWS-managed policy if the emulator knows it (moto needs
        MOTO_IAM_LOAD_MANAGED_POLICIES=true, which emulator.sh sets)."""
        arn = f"arn:aws:iam::aws:policy/{name}"
        try:
            self.c("iam").get_policy(PolicyArn=arn)
            return arn
        except ClientError:
            return None

    def ensure_login_profile(self, user: str) -> None:
        self.quietly(self.c("iam").create_login_profile, "EntityAlreadyExists",
                     UserName=user, Password=CONSOLE_PASSWORD, PasswordResetRequired=False)

    def ensure_mfa(self, user: str) -> bool:
        """Attach an enabled virtual MFA device; emulators accept any two codes."""
        iam = self.c("iam")
        if iam.list_mfa_devices(UserName=user)["MFADevices"]:
            return True
        serial = f"arn:aws:iam::{self.account}:mfa/{user}"
        try:
            iam.create_virtual_mfa_device(VirtualMFADeviceName=user)
        except ClientError as exc:
            if err_code(exc) != "EntityAlreadyExists":
                raise
        try:
            iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                                  AuthenticationCode1="123456", AuthenticationCode2="654321")
        except ClientError as exc:
            if is_unavailable(exc):
                return False
            raise
        return bool(iam.list_mfa_devices(UserName=user)["MFADevices"])

    def ensure_keys(self, user: str, count: int) -> list[str]:
        iam = self.c("iam")
        keys = iam.list_access_keys(UserName=user)["AccessKeyMetadata"]
        for _ in range(count - len(keys)):
            iam.create_access_key(UserName=user)
        return [k["AccessKeyId"] for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]]

    def delete_user(self, name: str) -> None:
        """Everything IAM refuses to delete a user with, then the user."""
        iam = self.c("iam")
        try:
            iam.get_user(UserName=name)
        except ClientError as exc:
            if err_code(exc) == "NoSuchEntity":
                return
            raise
        self.quietly(iam.delete_login_profile, "NoSuchEntity", UserName=name)
        for d in iam.list_mfa_devices(UserName=name)["MFADevices"]:
            iam.deactivate_mfa_device(UserName=name, SerialNumber=d["SerialNumber"])
            self.quietly(iam.delete_virtual_mfa_device, "NoSuchEntity", SerialNumber=d["SerialNumber"])
        for k in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]:
            iam.delete_access_key(UserName=name, AccessKeyId=k["AccessKeyId"])
        for p in iam.list_user_policies(UserName=name)["PolicyNames"]:
            iam.delete_user_policy(UserName=name, PolicyName=p)
        for p in iam.list_attached_user_policies(UserName=name)["AttachedPolicies"]:
            iam.detach_user_policy(UserName=name, PolicyArn=p["PolicyArn"])
        for g in iam.list_groups_for_user(UserName=name)["Groups"]:
            iam.remove_user_from_group(UserName=name, GroupName=g["GroupName"])
        iam.delete_user(UserName=name)
        self.gone(f"iam user {name}")

    def delete_group(self, name: str) -> None:
        iam = self.c("iam")
        try:
            members = iam.get_group(GroupName=name)["Users"]
        except ClientError as exc:
            if err_code(exc) == "NoSuchEntity":
                return
            raise
        for u in members:
            iam.remove_user_from_group(GroupName=name, UserName=u["UserName"])
        for p in iam.list_group_policies(GroupName=name)["PolicyNames"]:
            iam.delete_group_policy(GroupName=name, PolicyName=p)
        for p in iam.list_attached_group_policies(GroupName=name)["AttachedPolicies"]:
            iam.detach_group_policy(GroupName=name, PolicyArn=p["PolicyArn"])
        iam.delete_group(GroupName=name)
        self.gone(f"iam group {name}")

    def delete_role(self, name: str) -> None:
        iam = self.c("iam")
        try:
            iam.get_role(RoleName=name)
        except ClientError as exc:
            if err_code(exc) == "NoSuchEntity":
                return
            raise
        for ip in iam.list_instance_profiles_for_role(RoleName=name)["InstanceProfiles"]:
            iam.remove_role_from_instance_profile(InstanceProfileName=ip["InstanceProfileName"],
                                                  RoleName=name)
        for p in iam.list_role_policies(RoleName=name)["PolicyNames"]:
            iam.delete_role_policy(RoleName=name, PolicyName=p)
        for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
            iam.detach_role_policy(RoleName=name, PolicyArn=p["PolicyArn"])
        iam.delete_role(RoleName=name)
        self.gone(f"iam role {name}")

    def delete_policy(self, arn: str) -> None:
        iam = self.c("iam")
        try:
            iam.get_policy(PolicyArn=arn)
        except ClientError as exc:
            if err_code(exc) == "NoSuchEntity":
                return
            raise
        ents = iam.list_entities_for_policy(PolicyArn=arn)
        for u in ents["PolicyUsers"]:
            iam.detach_user_policy(UserName=u["UserName"], PolicyArn=arn)
        for g in ents["PolicyGroups"]:
            iam.detach_group_policy(GroupName=g["GroupName"], PolicyArn=arn)
        for r in ents["PolicyRoles"]:
            iam.detach_role_policy(RoleName=r["RoleName"], PolicyArn=arn)
        for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]:
            if not v["IsDefaultVersion"]:
                iam.delete_policy_version(PolicyArn=arn, VersionId=v["VersionId"])
        iam.delete_policy(PolicyArn=arn)
        self.gone(f"iam policy {arn.rsplit('/', 1)[-1]}")

    def iam(self) -> None:
        iam = self.c("iam")
        H = self.hardened

        # iam.password_policy_min_length / iam.password_policy_reuse_prevention.
        # Deleting first makes "no reuse prevention" explicit: update_account_password_policy
        # only sets what it is given on some emulators.
        self.quietly(iam.delete_account_password_policy, "NoSuchEntity")
        if H:
            iam.update_account_password_policy(
                MinimumPasswordLength=14, PasswordReusePrevention=24, RequireSymbols=True,
                RequireNumbers=True, RequireUppercaseCharacters=True,
                RequireLowercaseCharacters=True, AllowUsersToChangePassword=True)
        else:
            iam.update_account_password_policy(MinimumPasswordLength=8)
        v = "PASS" if H else "FAIL"
        self.note("iam", ACCOUNT, "iam.password_policy_min_length", v, "length 14" if H else "length 8")
        self.note("iam", ACCOUNT, "iam.password_policy_reuse_prevention", v,
                  "remembers 24" if H else "no reuse prevention")

        # The root user is the emulator's own and fixed: no MFA device can be added to it and it
        # has no access keys (hence the iam.root_* rules of emulator-mutelist.toml).
        fixed = "the emulator's root user is fixed: AccountMFAEnabled=0"
        self.note("iam", ACCOUNT, "iam.root_mfa_enabled", "FAIL", fixed)
        self.note("iam", ACCOUNT, "iam.root_hardware_mfa_enabled", "FAIL", fixed)
        self.note("iam", ACCOUNT, "iam.root_no_access_keys", "PASS", "the emulator's root user has no access keys")
        if self.moto:
            self.note("iam", ACCOUNT, "iam.root_not_used_recently", "ERROR",
                      "moto's credential report has no <root_account> row, the only record of root use")
        else:
            self.note("iam", ACCOUNT, "iam.root_not_used_recently", "PASS",
                      "LocalStack's <root_account> row records no password or key use")

        # A harmless customer-managed policy for the "clean" identities.
        # iam.no_full_admin_policies — PASS: learn-readonly-policy allows only s3:Get*/s3:List*.
        readonly = self.ensure_policy("learn-readonly-policy", READ_ONLY_S3, "iam.no_full_admin_policies")
        self.note("iam", "learn-readonly-policy", "iam.no_full_admin_policies", "PASS")

        # iam.no_inline_policies + iam.user_permissions_via_groups_only — PASS: permissions
        # arrive through a group carrying a managed policy.
        self.ensure_group("learn-clean-group")
        iam.attach_group_policy(GroupName="learn-clean-group", PolicyArn=readonly)
        self.ensure_user("learn-clean-user", "iam.user_permissions_via_groups_only")
        iam.add_user_to_group(GroupName="learn-clean-group", UserName="learn-clean-user")
        self.note_identity("learn-clean-user", USER_CHECKS)
        # iam.no_inline_policies — PASS: a role with only a managed policy attached.
        self.ensure_role("learn-clean-role", "ec2.amazonaws.com", "iam.no_inline_policies")
        iam.attach_role_policy(RoleName="learn-clean-role", PolicyArn=readonly)
        # iam.no_privilege_escalation — PASS: read-only S3 opens no escalation path.
        for name in ("learn-clean-user", "learn-clean-group", "learn-clean-role",
                     "learn-console-with-mfa", "learn-two-keys"):
            self.note("iam", name, PRIVESC, "PASS", NO_PATH)

        # iam.user_console_mfa_enabled — PASS: console password plus an enabled virtual MFA.
        self.ensure_user("learn-console-with-mfa", "iam.user_console_mfa_enabled")
        self.ensure_login_profile("learn-console-with-mfa")
        if self.ensure_mfa("learn-console-with-mfa"):
            self.note_identity("learn-console-with-mfa", USER_CHECKS)
        else:
            self.skip("iam EnableMFADevice (learn-console-with-mfa has no MFA: FAIL)")
            self.note_identity("learn-console-with-mfa", USER_CHECKS, {
                "iam.user_console_mfa_enabled": "the emulator refused to enable the MFA device"})

        # iam.user_single_active_access_key — FAIL: two active keys. Hardened mode deactivates
        # the second (the fix); iam.access_keys_rotated passes either way (keys are brand new).
        self.ensure_user("learn-two-keys", "iam.user_single_active_access_key")
        keys = self.ensure_keys("learn-two-keys", 2)
        iam.update_access_key(UserName="learn-two-keys", AccessKeyId=keys[0], Status="Active")
        iam.update_access_key(UserName="learn-two-keys", AccessKeyId=keys[1],
                              Status="Inactive" if H else "Active")
        # iam.unused_credentials_disabled cannot FAIL on an emulator either: nothing here is 45
        # days old. Every user with a password or key PASSes it.
        self.note_identity("learn-two-keys", USER_CHECKS,
                           {} if H else {"iam.user_single_active_access_key": "2 active keys"})

        # iam.no_cloudshell_full_access — FAIL: AWSCloudShellFullAccess attached (directly, so
        # this user also fails iam.user_permissions_via_groups_only). Hardened detaches it.
        cloudshell = self.aws_policy("AWSCloudShellFullAccess")
        self.ensure_user("learn-cloudshell-user", "iam.no_cloudshell_full_access")
        if cloudshell is None:
            self.skip("iam managed policy AWSCloudShellFullAccess")
            self.note_identity("learn-cloudshell-user", USER_CHECKS)
            self.note("iam", "learn-cloudshell-user", PRIVESC, "PASS", "no policy")
        elif H:
            self.quietly(iam.detach_user_policy, "NoSuchEntity",
                         UserName="learn-cloudshell-user", PolicyArn=cloudshell)
            self.note_identity("learn-cloudshell-user", USER_CHECKS)
            self.note("iam", "learn-cloudshell-user", PRIVESC, "PASS", "policy detached")
        else:
            self.note("iam", "learn-cloudshell-user", PRIVESC, "PASS", AWS_MANAGED_READ)
            iam.attach_user_policy(UserName="learn-cloudshell-user", PolicyArn=cloudshell)
            self.note_identity("learn-cloudshell-user", USER_CHECKS, {
                "iam.no_cloudshell_full_access": "AWSCloudShellFullAccess attached",
                "iam.user_permissions_via_groups_only": "policy attached directly to the user"})

        # iam.support_role_exists — PASS only in hardened mode: a role with AWSSupportAccess.
        support = self.aws_policy("AWSSupportAccess")
        if support is None:
            self.skip("iam managed policy AWSSupportAccess")
        elif H:
            self.ensure_role("learn-support", "support.amazonaws.com", "iam.support_role_exists")
            iam.attach_role_policy(RoleName="learn-support", PolicyArn=support)
            self.note("iam", "learn-support", PRIVESC, "PASS", AWS_MANAGED_READ)
            self.note("iam", ACCOUNT, "iam.support_role_exists", "PASS", "role learn-support")
        else:
            self.delete_role("learn-support")
            self.note("iam", ACCOUNT, "iam.support_role_exists", "FAIL", "no role with AWSSupportAccess")

        self.server_certificates()

        failing_users = ("learn-console-no-mfa", "learn-inline-admin", "learn-direct-attach")
        admin_arn = f"arn:aws:iam::{self.account}:policy/learn-admin-policy"
        if H:
            for user in failing_users:
                self.delete_user(user)
            # group/role with inline policies, and the */* customer-managed policy: deleted.
            self.delete_group("learn-inline-group")
            self.delete_role("learn-inline-role")
            self.delete_policy(admin_arn)
            return

        # user: iam.user_console_mfa_enabled FAIL — console password, no MFA.
        self.ensure_user("learn-console-no-mfa", "iam.user_console_mfa_enabled")
        self.ensure_login_profile("learn-console-no-mfa")
        self.ensure_keys("learn-console-no-mfa", 1)
        self.note_identity("learn-console-no-mfa", USER_CHECKS,
                           {"iam.user_console_mfa_enabled": "console password, no MFA device",
                            "iam.console_user_no_unused_access_key":
                                "console password and an access key never used (CIS 1.11)"})

        # user: inline Allow * on * and an access key — the classic first-day shortcut.
        self.ensure_user("learn-inline-admin", "iam.no_inline_policies")
        self.ensure_keys("learn-inline-admin", 1)
        iam.put_user_policy(UserName="learn-inline-admin", PolicyName="learn-inline-star",
                            PolicyDocument=json.dumps(ALLOW_ALL))
        self.note_identity("learn-inline-admin", USER_CHECKS, {
            "iam.no_inline_policies": "inline policy learn-inline-star",
            "iam.user_permissions_via_groups_only": "inline policy on the user"})
        # Inline policies are reported as <kind>/<owner>/<policy>.
        self.note("iam", "user/learn-inline-admin/learn-inline-star", "iam.no_full_admin_policies", "FAIL",
                  "Allow * on *")

        # iam.no_inline_policies — FAIL: a group and a role each carrying an inline policy (a
        # read-only one, so iam.no_full_admin_policies passes for it).
        self.ensure_group("learn-inline-group", {"iam.no_inline_policies": "inline policy learn-inline-list"})
        iam.put_group_policy(GroupName="learn-inline-group", PolicyName="learn-inline-list",
                             PolicyDocument=json.dumps(READ_ONLY_S3))
        self.note("iam", "group/learn-inline-group/learn-inline-list", "iam.no_full_admin_policies", "PASS")
        self.ensure_role("learn-inline-role", "ec2.amazonaws.com", "iam.no_inline_policies",
                         {"iam.no_inline_policies": "inline policy learn-inline-list"})
        iam.put_role_policy(RoleName="learn-inline-role", PolicyName="learn-inline-list",
                            PolicyDocument=json.dumps(READ_ONLY_S3))
        self.note("iam", "role/learn-inline-role/learn-inline-list", "iam.no_full_admin_policies", "PASS")

        # iam.no_full_admin_policies — FAIL: customer-managed Allow * on *, attached (so it fails
        # both "any such policy" and "attached such policy" readings of the check).
        admin_arn = self.ensure_policy("learn-admin-policy", ALLOW_ALL, "iam.no_full_admin_policies")
        self.note("iam", "learn-admin-policy", "iam.no_full_admin_policies", "FAIL", "Allow * on *")
        # user: customer-managed admin policy attached directly, not through a group.
        self.ensure_user("learn-direct-attach", "iam.user_permissions_via_groups_only")
        iam.attach_user_policy(UserName="learn-direct-attach", PolicyArn=admin_arn)
        self.note_identity("learn-direct-attach", USER_CHECKS, {
            "iam.user_permissions_via_groups_only": "learn-admin-policy attached directly"})
        # iam.no_privilege_escalation: administrators have nothing to escalate to (PASS: the admin
        # checks report them); read-only inline policies open no path.
        for name in ("learn-inline-admin", "learn-direct-attach"):
            self.note("iam", name, PRIVESC, "PASS", "already a full administrator")
        for name in ("learn-console-no-mfa", "learn-inline-group", "learn-inline-role"):
            self.note("iam", name, PRIVESC, "PASS", NO_PATH)

    def iam_reach(self) -> None:
        """Role trust and privilege escalation: a FAIL and a PASS for each check."""
        iam = self.c("iam")
        H = self.hardened
        vendor = "arn:aws:iam::444455556666:root"
        github = f"arn:aws:iam::{self.account}:oidc-provider/token.actions.githubusercontent.com"

        def ensure_trusting(name: str, statement: dict, check: str, fails: dict[str, str]) -> None:
            """A role with no policies and one trust statement; every check on it PASSes but `fails`."""
            document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
            try:
                iam.create_role(RoleName=name, AssumeRolePolicyDocument=document, Tags=self.tags(check))
            except ClientError as exc:
                if err_code(exc) != "EntityAlreadyExists":
                    raise
                iam.update_assume_role_policy(RoleName=name, PolicyDocument=document)
            self.note_identity(name, GROUP_AND_ROLE_CHECKS + TRUST_CHECKS + (PRIVESC,), fails)

        untrusted = "account 444455556666 is not passed with --trusted-account"
        # iam.role_external_trust_requires_external_id — PASS: a vendor account with an external
        # id (iam.external_access_trusted_only still FAILs: the vendor is not a trusted account).
        ensure_trusting("learn-trust-vendor-guarded", {
            "Effect": "Allow", "Principal": {"AWS": vendor}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "learn-4f1c9a"}}},
            "iam.role_external_trust_requires_external_id", {"iam.external_access_trusted_only": untrusted})
        # iam.role_external_trust_requires_external_id — FAIL: the vendor without an external id
        # (hardened: the id is added).
        guard = {"Condition": {"StringEquals": {"sts:ExternalId": "learn-77d2e0"}}} if H else {}
        fails = {"iam.external_access_trusted_only": untrusted}
        if not H:
            fails["iam.role_external_trust_requires_external_id"] = "account 444455556666, no sts:ExternalId"
        ensure_trusting("learn-trust-vendor", {
            "Effect": "Allow", "Principal": {"AWS": vendor}, "Action": "sts:AssumeRole", **guard},
            "iam.role_external_trust_requires_external_id", fails)
        # iam.role_federated_trust_pinned — FAIL: GitHub's OIDC provider with only the audience,
        # which every repository's token carries (hardened: the subject names one repository).
        claims = {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}
        if H:
            claims["token.actions.githubusercontent.com:sub"] = "repo:learn-org/learn-app:ref:refs/heads/main"
        ensure_trusting("learn-trust-github", {
            "Effect": "Allow", "Principal": {"Federated": github}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": claims}}, "iam.role_federated_trust_pinned",
            {} if H else {"iam.role_federated_trust_pinned": "audience only: any repository's token"})

        if H:
            self.delete_role("learn-trust-public")
            self.delete_user("learn-privesc-user")
            return
        # iam.role_trust_not_public — FAIL: any AWS principal may assume the role.
        ensure_trusting("learn-trust-public", {
            "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"},
            "iam.role_trust_not_public", {"iam.role_trust_not_public": 'Principal {"AWS": "*"}'})
        # iam.no_privilege_escalation — FAIL: may write new versions of any managed policy.
        self.ensure_user("learn-privesc-user", "iam.no_privilege_escalation")
        iam.put_user_policy(UserName="learn-privesc-user", PolicyName="learn-policy-versions",
                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
                                "Effect": "Allow", "Action": ["iam:CreatePolicyVersion", "iam:ListPolicies"],
                                "Resource": "*"}]}))
        self.note_identity("learn-privesc-user", USER_CHECKS + (PRIVESC,), {
            PRIVESC: "iam:CreatePolicyVersion on every policy",
            "iam.no_inline_policies": "inline policy learn-policy-versions",
            "iam.user_permissions_via_groups_only": "inline policy on the user"})
        self.note("iam", "user/learn-privesc-user/learn-policy-versions", "iam.no_full_admin_policies", "PASS")

    def server_certificates(self) -> None:
        """iam.no_expired_server_certificates: an expired and a valid self-signed certificate."""
        iam = self.c("iam")
        existing = {m["ServerCertificateName"]: m
                    for m in iam.list_server_certificates()["ServerCertificateMetadataList"]}
        now = dt.datetime.now(dt.timezone.utc)
        wanted = [("learn-valid-cert", now - dt.timedelta(days=1), now + dt.timedelta(days=365), "PASS")]
        if self.hardened:
            if "learn-expired-cert" in existing:
                iam.delete_server_certificate(ServerCertificateName="learn-expired-cert")
                self.gone("iam server certificate learn-expired-cert")
        else:
            # FAIL: expired a year ago (certificates can be uploaded after expiry).
            wanted.append(("learn-expired-cert", now - dt.timedelta(days=730),
                           now - dt.timedelta(days=365), "FAIL"))
        for name, not_before, not_after, _ in wanted:
            if name not in existing:
                body, key = self_signed(name, not_before, not_after)
                iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=body,
                                              PrivateKey=key)
            exp = iam.get_server_certificate(ServerCertificateName=name)[
                "ServerCertificate"]["ServerCertificateMetadata"].get("Expiration")
            # The verdict follows what the emulator *reports*: moto answers a fixed Expiration
            # of 2012-05-08 for every certificate, whatever the certificate says.
            expired = exp is not None and exp < now
            if self.hardened and expired:
                iam.delete_server_certificate(ServerCertificateName=name)
                self.gone(f"iam server certificate {name} (emulator reports it expired: {exp:%Y-%m-%d})")
                continue
            why = f"Expiration reported as {exp:%Y-%m-%d}" if exp else ""
            if expired and name == "learn-valid-cert":
                why += f" ({self.emulator} reports every server certificate expired)"
            self.note("iam", name, "iam.no_expired_server_certificates", "FAIL" if expired else "PASS", why)

    # ================================================================== S3
    def bucket_exists(self, name: str) -> bool:
        try:
            self.c("s3").head_bucket(Bucket=name)
            return True
        except ClientError as exc:
            if err_code(exc) in ("404", "NoSuchBucket", "403"):
                return False
            raise

    def delete_bucket(self, name: str) -> None:
        s3 = self.c("s3")
        if not self.bucket_exists(name):
            return
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=name):
            objs = [{"Key": o["Key"], "VersionId": o["VersionId"]}
                    for o in page.get("Versions", []) + page.get("DeleteMarkers", [])]
            if objs:
                s3.delete_objects(Bucket=name, Delete={"Objects": objs})
        s3.delete_bucket(Bucket=name)
        self.gone(f"s3 bucket {name}")

    def configure_bucket(self, name: str, *, hardened: bool, check: str, ownership: str = "BucketOwnerEnforced",
                         acl: str | None = None, policy: list | None = None,
                         log_prefix: str | None = None) -> dict:
        """Create-or-update a bucket to an explicit desired state; returns what was achieved.

        Every setting is written explicitly, not left to the emulator's defaults: LocalStack gives
        new buckets the post-2023 AWS defaults (BPA on, BucketOwnerEnforced, SSE-S3), moto the
        pre-2023 ones (nothing), and the verdicts must be the same on both."""
        s3 = self.c("s3")
        got: dict[str, bool] = {}
        if not self.bucket_exists(name):
            s3.create_bucket(Bucket=name)
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": self.tags(check)})
        # Ownership first: an ACL can only be set while ACLs are enabled.
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
            "Rules": [{"ObjectOwnership": ownership}]})
        if hardened:
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True,
                "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
        else:
            self.quietly(s3.delete_public_access_block, "NoSuchPublicAccessBlockConfiguration", Bucket=name)
        if acl:
            s3.put_bucket_acl(Bucket=name, ACL=acl)
        stmts = list(policy or [])
        if hardened:
            # s3.bucket_tls_only_policy: refuse any request not made over TLS.
            stmts.append({"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
                          "Action": "s3:*",
                          "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
                          "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
        if stmts:
            s3.put_bucket_policy(Bucket=name, Policy=json.dumps(
                {"Version": "2012-10-17", "Statement": stmts}))
        else:
            s3.delete_bucket_policy(Bucket=name)
        if hardened:
            rule = {"SSEAlgorithm": "aws:kms"}
            if self.kms_key_arn:
                rule["KMSMasterKeyID"] = self.kms_key_arn
            enc = {"ApplyServerSideEncryptionByDefault": rule, "BucketKeyEnabled": True}
        else:
            # SSE-S3 explicitly: encrypted, but not with a customer-controlled KMS key.
            enc = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [enc]})
        mfa = f"arn:aws:iam::{self.account}:mfa/root-account-mfa-device 123456"
        if hardened:
            # s3.bucket_mfa_delete_enabled: only the root user with its MFA can do this on AWS;
            # emulators take any serial/code pair (or ignore the setting: we read it back).
            try:
                s3.put_bucket_versioning(Bucket=name, MFA=mfa, VersioningConfiguration={
                    "Status": "Enabled", "MFADelete": "Enabled"})
            except ClientError as exc:
                if not is_unavailable(exc) and err_code(exc) not in ("InvalidRequest", "AccessDenied"):
                    raise
                s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        else:
            ver = s3.get_bucket_versioning(Bucket=name)
            if ver.get("Status") == "Enabled":   # a bucket can never go back to "never versioned"
                s3.put_bucket_versioning(Bucket=name, MFA=mfa, VersioningConfiguration={
                    "Status": "Suspended", "MFADelete": "Disabled"})
        if log_prefix:
            s3.put_bucket_logging(Bucket=name, BucketLoggingStatus={"LoggingEnabled": {
                "TargetBucket": "learn-access-logs", "TargetPrefix": log_prefix}})
        else:
            s3.put_bucket_logging(Bucket=name, BucketLoggingStatus={})
        ver = s3.get_bucket_versioning(Bucket=name)
        got["versioning"] = ver.get("Status") == "Enabled"
        got["mfa_delete"] = ver.get("MFADelete") == "Enabled"
        return got

    def s3(self) -> None:
        H = self.hardened
        acct = self.account
        s3c = self.c("s3control")
        # s3.account_public_access_blocked — account-wide Block Public Access: all four off in
        # misconfigured mode (FAIL), all four on in hardened mode (PASS).
        s3c.put_public_access_block(AccountId=acct, PublicAccessBlockConfiguration={
            k: H for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                           "RestrictPublicBuckets")})
        self.note("s3", ACCOUNT, "s3.account_public_access_blocked", "PASS" if H else "FAIL")

        all_checks = ["s3.bucket_public_access_blocked", "s3.bucket_no_public_acl",
                      "s3.bucket_no_public_policy", "s3.bucket_tls_only_policy",
                      "s3.bucket_versioning_enabled", "s3.bucket_mfa_delete_enabled",
                      "s3.bucket_access_logging_enabled", "s3.bucket_acls_disabled",
                      "s3.bucket_default_encryption_enabled", "s3.bucket_default_encryption_kms"]

        def note_bucket(name: str, chk: str, verdict: str, why: str = "") -> None:
            if self.moto and chk in ("s3.bucket_versioning_enabled", "s3.bucket_mfa_delete_enabled"):
                verdict, why = "ERROR", "moto's GetBucketVersioning reply does not parse in the Rust SDK"
            self.note("s3", name, chk, verdict, why)

        def note_hardened(name: str, got: dict, extra: str = "") -> None:
            for chk in all_checks:
                v = "PASS"
                why = extra
                if chk == "s3.bucket_mfa_delete_enabled" and not got["mfa_delete"]:
                    v, why = "FAIL", "emulator did not keep MFADelete=Enabled"
                note_bucket(name, chk, v, why)

        # The log target: hardened like learn-private, and logging into itself under "self/" so it
        # passes s3.bucket_access_logging_enabled too. (On real AWS a server-access-log target must
        # use SSE-S3, not SSE-KMS: a real account would mute s3.bucket_default_encryption_kms for it.)
        # The service principals that deliver logs here. The S3 logging statement comes first and
        # in exactly this shape because moto only recognises that form (and crashes on a string
        # Principal seen before it) when it validates PutBucketLogging's target permissions.
        log_delivery = [
            {"Sid": "S3ServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": "arn:aws:s3:::learn-access-logs/*"},
            {"Sid": "LogDeliveryWrite", "Effect": "Allow",
             "Principal": {"Service": ["cloudtrail.amazonaws.com", "delivery.logs.amazonaws.com",
                                       "config.amazonaws.com"]},
             "Action": "s3:PutObject", "Resource": "arn:aws:s3:::learn-access-logs/*"},
            {"Sid": "LogDeliveryAclCheck", "Effect": "Allow",
             "Principal": {"Service": ["cloudtrail.amazonaws.com", "delivery.logs.amazonaws.com",
                                       "config.amazonaws.com"]},
             "Action": ["s3:GetBucketAcl", "s3:ListBucket"], "Resource": "arn:aws:s3:::learn-access-logs"}]
        got = self.configure_bucket("learn-access-logs", hardened=True, check="s3.bucket_access_logging_enabled",
                                    policy=log_delivery, log_prefix="self/")
        self.log_bucket_ok = True
        note_hardened("learn-access-logs", got, "log target; logs into itself under self/")

        # learn-private — PASS for every bucket check: BPA on, versioning, SSE-KMS,
        # BucketOwnerEnforced (ACLs disabled), access logging, TLS-only policy.
        got = self.configure_bucket("learn-private", hardened=True, check="s3.bucket_default_encryption_kms",
                                    log_prefix="learn-private/")
        note_hardened("learn-private", got)

        # learn-pinned-policy — s3.bucket_no_public_policy PASS: Principal "*" but pinned to one
        # VPC endpoint by aws:SourceVpce, which AWS does not count as public. Misconfigured mode
        # leaves its other settings weak (FAIL for those); hardened mode hardens the rest.
        pinned = [{"Sid": "ReadFromOurVpcEndpointOnly", "Effect": "Allow", "Principal": "*",
                   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::learn-pinned-policy/*",
                   "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}}]
        if H:
            got = self.configure_bucket("learn-pinned-policy", hardened=True, check="s3.bucket_no_public_policy",
                                        policy=pinned, log_prefix="learn-pinned-policy/")
            note_hardened("learn-pinned-policy", got)
            # The two public buckets are deleted: nothing on them is worth keeping.
            self.delete_bucket("learn-public-acl")
            self.delete_bucket("learn-public-policy")
            return

        self.configure_bucket("learn-pinned-policy", hardened=False, check="s3.bucket_no_public_policy",
                              ownership="BucketOwnerPreferred", policy=pinned)
        # learn-public-acl — s3.bucket_no_public_acl FAIL: BPA removed, ACLs enabled
        # (ObjectWriter) and the canned ACL public-read (AllUsers READ).
        self.configure_bucket("learn-public-acl", hardened=False, check="s3.bucket_no_public_acl",
                              ownership="ObjectWriter", acl="public-read")
        # learn-public-policy — s3.bucket_no_public_policy FAIL: BPA removed and a policy
        # letting anyone ("Principal": "*") read every object.
        public = [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": "arn:aws:s3:::learn-public-policy/*"}]
        self.configure_bucket("learn-public-policy", hardened=False, check="s3.bucket_no_public_policy",
                              ownership="BucketOwnerPreferred", policy=public)
        # SSE-S3 still counts as default encryption: only the KMS check fails on these.
        weak = {c: "FAIL" for c in all_checks} | {"s3.bucket_default_encryption_enabled": "PASS"}
        for name, over in (
                ("learn-public-acl", {"s3.bucket_no_public_policy": "PASS"}),
                ("learn-public-policy", {"s3.bucket_no_public_acl": "PASS"}),
                ("learn-pinned-policy", {"s3.bucket_no_public_acl": "PASS", "s3.bucket_no_public_policy": "PASS"})):
            for chk, v in {**weak, **over}.items():
                note_bucket(name, chk, v)

    # ================================================================== EC2
    def by_name(self, kind: str, name: str, extra: list | None = None) -> list:
        ec2 = self.c("ec2")
        filters = [{"Name": "tag:Name", "Values": [name]}] + (extra or [])
        if kind == "vpc":
            return ec2.describe_vpcs(Filters=filters)["Vpcs"]
        if kind == "subnet":
            return ec2.describe_subnets(Filters=filters)["Subnets"]
        if kind == "nacl":
            return ec2.describe_network_acls(Filters=filters)["NetworkAcls"]
        if kind == "volume":
            return ec2.describe_volumes(Filters=filters)["Volumes"]
        if kind == "snapshot":
            return ec2.describe_snapshots(OwnerIds=["self"], Filters=filters)["Snapshots"]
        if kind == "instance":
            filters.append({"Name": "instance-state-name", "Values": ["pending", "running", "stopped"]})
            return [i for r in ec2.describe_instances(Filters=filters)["Reservations"] for i in r["Instances"]]
        raise ValueError(kind)

    @staticmethod
    def clean_perms(perms: list) -> list:
        """describe_security_groups output -> the shape revoke_* accepts (drops empty lists)."""
        out = []
        for p in perms:
            q = {"IpProtocol": p["IpProtocol"]}
            for k in ("FromPort", "ToPort"):
                if k in p:
                    q[k] = p[k]
            if p.get("IpRanges"):
                q["IpRanges"] = [{"CidrIp": r["CidrIp"]} for r in p["IpRanges"]]
            if p.get("Ipv6Ranges"):
                q["Ipv6Ranges"] = [{"CidrIpv6": r["CidrIpv6"]} for r in p["Ipv6Ranges"]]
            if p.get("UserIdGroupPairs"):
                q["UserIdGroupPairs"] = [{"GroupId": g["GroupId"]} for g in p["UserIdGroupPairs"]]
            if p.get("PrefixListIds"):
                q["PrefixListIds"] = [{"PrefixListId": g["PrefixListId"]} for g in p["PrefixListIds"]]
            out.append(q)
        return out

    def sg_id(self, name: str, vpc: str) -> str | None:
        r = self.c("ec2").describe_security_groups(Filters=[
            {"Name": "group-name", "Values": [name]}, {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
        return r[0]["GroupId"] if r else None

    def ensure_sg(self, name: str, vpc: str, check: str, ingress: list) -> str:
        ec2 = self.c("ec2")
        gid = self.sg_id(name, vpc)
        if gid is None:
            gid = ec2.create_security_group(
                GroupName=name, Description=f"learn: {check}", VpcId=vpc,
                TagSpecifications=self.ec2_tags("security-group", name, check))["GroupId"]
        self.quietly(ec2.authorize_security_group_ingress, "InvalidPermission.Duplicate",
                     GroupId=gid, IpPermissions=ingress)
        return gid

    def ec2(self) -> None:
        ec2 = self.c("ec2")
        H = self.hardened
        az = ec2.describe_availability_zones()["AvailabilityZones"][0]["ZoneName"]

        # ec2.ebs_encryption_by_default — account/region setting: off (FAIL) / on (PASS).
        # Turned off *before* creating volumes so learn-unencrypted-volume really is unencrypted.
        if H:
            ec2.enable_ebs_encryption_by_default()
        else:
            ec2.disable_ebs_encryption_by_default()
        on = ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"]
        self.note("ec2", REGION, "ec2.ebs_encryption_by_default", "PASS" if on else "FAIL")

        # The learner's VPC with two subnets.
        vpcs = self.by_name("vpc", "learn-vpc")
        vpc = vpcs[0]["VpcId"] if vpcs else ec2.create_vpc(
            CidrBlock="10.42.0.0/16",
            TagSpecifications=self.ec2_tags("vpc", "learn-vpc", "ec2.vpc_flow_logs_enabled"))["Vpc"]["VpcId"]
        subnets = {}
        for name, cidr in (("learn-subnet-public", "10.42.1.0/24"), ("learn-subnet-private", "10.42.2.0/24")):
            found = self.by_name("subnet", name)
            subnets[name] = found[0]["SubnetId"] if found else ec2.create_subnet(
                VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az,
                TagSpecifications=self.ec2_tags("subnet", name, "ec2.nacl_no_admin_ports_open"))["Subnet"]["SubnetId"]
        all_vpcs = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]]
        default_vpcs = [v["VpcId"] for v in ec2.describe_vpcs(
            Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]]

        self.security_groups(vpc, all_vpcs)
        self.nacls(vpc, subnets, all_vpcs)
        self.volumes(az)
        self.flow_logs(vpc, default_vpcs)
        self.instances(subnets["learn-subnet-private"], self.sg_id("learn-ssh-internal", vpc))

    def security_groups(self, vpc: str, all_vpcs: list) -> None:
        ec2 = self.c("ec2")
        H = self.hardened
        world4 = [{"CidrIp": "0.0.0.0/0"}]
        tcp = lambda lo, hi, **r: {"IpProtocol": "tcp", "FromPort": lo, "ToPort": hi, **r}  # noqa: E731

        # PASS for every SG check: HTTPS from anywhere (443 is not an admin or high-risk port).
        self.ensure_sg("learn-https-only", vpc, "ec2.sg_no_admin_ports_open_ipv4", [tcp(443, 443, IpRanges=world4)])
        # PASS for every SG check: SSH only from the private 10.0.0.0/8 range.
        self.ensure_sg("learn-ssh-internal", vpc, "ec2.sg_no_admin_ports_open_ipv4",
                       [tcp(22, 22, IpRanges=[{"CidrIp": "10.0.0.0/8"}])])
        for name in ("learn-https-only", "learn-ssh-internal"):
            for chk in ("ec2.sg_no_admin_ports_open_ipv4", "ec2.sg_no_admin_ports_open_ipv6",
                        "ec2.sg_no_all_traffic_open", "ec2.sg_no_high_risk_ports_open",
                        "ec2.sg_no_cifs_port_open"):
                self.note("ec2", name, chk, "PASS")

        open_groups = {
            # ec2.sg_no_admin_ports_open_ipv4 FAIL: SSH from the whole internet.
            "learn-ssh-open": ([tcp(22, 22, IpRanges=world4)],
                               {"ec2.sg_no_admin_ports_open_ipv4": "FAIL", "ec2.sg_no_high_risk_ports_open": "FAIL"}),
            # ec2.sg_no_admin_ports_open_ipv4 FAIL: a port range (20-25) that contains 22.
            "learn-range-open": ([tcp(20, 25, IpRanges=world4)],
                                 {"ec2.sg_no_admin_ports_open_ipv4": "FAIL", "ec2.sg_no_high_risk_ports_open": "FAIL"}),
            # ec2.sg_no_admin_ports_open_ipv6 FAIL: RDP from any IPv6 address.
            "learn-rdp-open-v6": ([tcp(3389, 3389, Ipv6Ranges=[{"CidrIpv6": "::/0"}])],
                                  {"ec2.sg_no_admin_ports_open_ipv6": "FAIL", "ec2.sg_no_high_risk_ports_open": "FAIL"}),
            # ec2.sg_no_all_traffic_open FAIL: every protocol and port from anywhere.
            # (and ec2.sg_no_cifs_port_open FAIL: all traffic includes SMB on 445.)
            "learn-all-open": ([{"IpProtocol": "-1", "IpRanges": world4}],
                               {"ec2.sg_no_all_traffic_open": "FAIL", "ec2.sg_no_admin_ports_open_ipv4": "FAIL",
                                "ec2.sg_no_high_risk_ports_open": "FAIL", "ec2.sg_no_cifs_port_open": "FAIL"}),
            # ec2.sg_no_high_risk_ports_open FAIL: MySQL from anywhere.
            "learn-db-open": ([tcp(3306, 3306, IpRanges=world4)], {"ec2.sg_no_high_risk_ports_open": "FAIL"}),
        }
        for name, (rules, verdicts) in open_groups.items():
            if H:
                g = self.sg_id(name, vpc)
                if g:
                    ec2.delete_security_group(GroupId=g)
                    self.gone(f"ec2 security group {name}")
                continue
            self.ensure_sg(name, vpc, next(iter(verdicts)), rules)
            for chk in ("ec2.sg_no_admin_ports_open_ipv4", "ec2.sg_no_admin_ports_open_ipv6",
                        "ec2.sg_no_all_traffic_open", "ec2.sg_no_high_risk_ports_open",
                        "ec2.sg_no_cifs_port_open"):
                self.note("ec2", name, chk, verdicts.get(chk, "PASS"))

        # ec2.default_sg_restricts_all — every VPC's default group. Emulators create it with
        # egress 0.0.0.0/0 and (unlike AWS) no self-referencing ingress; misconfigured mode adds
        # the AWS-style "all traffic from members of this group" ingress to learn-vpc's default
        # group; hardened mode revokes every ingress and egress rule of every default group.
        for v in all_vpcs:
            sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [v]},
                                                       {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
            gid = sg["GroupId"]
            if H:
                if sg["IpPermissions"]:
                    ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=self.clean_perms(sg["IpPermissions"]))
                if sg["IpPermissionsEgress"]:
                    ec2.revoke_security_group_egress(GroupId=gid, IpPermissions=self.clean_perms(sg["IpPermissionsEgress"]))
            else:
                self.quietly(ec2.authorize_security_group_egress, "InvalidPermission.Duplicate", GroupId=gid,
                             IpPermissions=[{"IpProtocol": "-1", "IpRanges": world4}])
                if v == vpc:
                    self.quietly(ec2.authorize_security_group_ingress, "InvalidPermission.Duplicate", GroupId=gid,
                                 IpPermissions=[{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": gid}]}])
            # Not noted: the audit names these groups "default", like every emulator-made group,
            # so the end-to-end test cannot pin them (FAIL here, PASS once hardened).

    def nacls(self, vpc: str, subnets: dict, all_vpcs: list) -> None:
        ec2 = self.c("ec2")
        H = self.hardened

        def ensure_nacl(name: str, entries: list) -> str:
            found = self.by_name("nacl", name, [{"Name": "vpc-id", "Values": [vpc]}])
            nid = found[0]["NetworkAclId"] if found else ec2.create_network_acl(
                VpcId=vpc, TagSpecifications=self.ec2_tags("network-acl", name, "ec2.nacl_no_admin_ports_open"))[
                "NetworkAcl"]["NetworkAclId"]
            for e in entries:
                self.quietly(ec2.create_network_acl_entry, "NetworkAclEntryAlreadyExists", NetworkAclId=nid, **e)
            return nid

        def associate(subnet: str, nid: str) -> None:
            cur = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["NetworkAcls"]
            for acl in cur:
                for a in acl["Associations"]:
                    if a["SubnetId"] == subnet and acl["NetworkAclId"] != nid:
                        ec2.replace_network_acl_association(AssociationId=a["NetworkAclAssociationId"], NetworkAclId=nid)

        egress_all = {"RuleNumber": 100, "Egress": True, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}
        https_in = {"RuleNumber": 100, "Egress": False, "Protocol": "6", "RuleAction": "allow",
                    "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 443, "To": 443}}
        # ec2.nacl_no_admin_ports_open PASS: only HTTPS may come in from the internet.
        restricted = ensure_nacl("learn-nacl-restricted", [https_in, egress_all])
        associate(subnets["learn-subnet-private"], restricted)
        self.note("ec2", "learn-nacl-restricted", "ec2.nacl_no_admin_ports_open", "PASS")
        if H:
            associate(subnets["learn-subnet-public"], restricted)
            for acl in self.by_name("nacl", "learn-nacl-open", [{"Name": "vpc-id", "Values": [vpc]}]):
                ec2.delete_network_acl(NetworkAclId=acl["NetworkAclId"])
                self.gone("ec2 network acl learn-nacl-open")
        else:
            # ec2.nacl_no_admin_ports_open FAIL: SSH (22) allowed in from 0.0.0.0/0.
            nid = ensure_nacl("learn-nacl-open", [
                {"RuleNumber": 100, "Egress": False, "Protocol": "6", "RuleAction": "allow",
                 "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}}, egress_all])
            associate(subnets["learn-subnet-public"], nid)
            self.note("ec2", "learn-nacl-open", "ec2.nacl_no_admin_ports_open", "FAIL")

        # Every VPC's default NACL allows all inbound traffic from 0.0.0.0/0 (as on AWS), which
        # includes 22 and 3389: FAIL. Hardened mode narrows the allow-all ingress rule to HTTPS.
        for v in all_vpcs:
            acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [v]},
                                                     {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
            for e in acl["Entries"]:
                if e["Egress"] or e["RuleAction"] != "allow" or e["RuleNumber"] >= 32767:
                    continue
                cidr = {"CidrBlock": e["CidrBlock"]} if "CidrBlock" in e else {"Ipv6CidrBlock": e["Ipv6CidrBlock"]}
                if H and e["Protocol"] == "-1":
                    ec2.replace_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=e["RuleNumber"],
                                                  Egress=False, Protocol="6", RuleAction="allow",
                                                  PortRange={"From": 443, "To": 443}, **cidr)
                elif not H and e["Protocol"] == "6" and e.get("PortRange") == {"From": 443, "To": 443}:
                    ec2.replace_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=e["RuleNumber"],
                                                  Egress=False, Protocol="-1", RuleAction="allow", **cidr)
            # Not noted: default NACLs carry no learn- name for the end-to-end test to pin them by
            # (FAIL here, PASS once hardened).

    def volumes(self, az: str) -> None:
        ec2 = self.c("ec2")
        H = self.hardened

        def ensure_volume(name: str, encrypted: bool, check: str) -> str:
            found = self.by_name("volume", name)
            if found:
                return found[0]["VolumeId"]
            args = dict(AvailabilityZone=az, Size=1, VolumeType="gp3", Encrypted=encrypted,
                        TagSpecifications=self.ec2_tags("volume", name, check))
            if encrypted and self.kms_key_arn:
                # Our own rotating key. Without it moto invents an "aws/ebs" key that it reports as
                # KeyManager=CUSTOMER with rotation off (a false kms.key_rotation_enabled FAIL),
                # and LocalStack points the volume at a key that ListKeys does not show.
                args["KmsKeyId"] = self.kms_key_arn
            return ec2.create_volume(**args)["VolumeId"]

        def ensure_snapshot(name: str, vol: str) -> str:
            found = self.by_name("snapshot", name)
            return found[0]["SnapshotId"] if found else ec2.create_snapshot(
                VolumeId=vol, Description=name,
                TagSpecifications=self.ec2_tags("snapshot", name, "ec2.ebs_snapshot_not_public"))["SnapshotId"]

        # ec2.ebs_volume_encrypted PASS / ec2.ebs_snapshot_not_public PASS (private snapshot).
        enc = ensure_volume("learn-encrypted-volume", True, "ec2.ebs_volume_encrypted")
        self.note("ec2", "learn-encrypted-volume", "ec2.ebs_volume_encrypted", "PASS")
        snap = ensure_snapshot("learn-private-snapshot", enc)
        self.note("ec2", "learn-private-snapshot", "ec2.ebs_snapshot_not_public", "PASS")

        if H:
            for s in self.by_name("snapshot", "learn-public-snapshot"):
                ec2.delete_snapshot(SnapshotId=s["SnapshotId"])
                self.gone("ec2 snapshot learn-public-snapshot")
            for v in self.by_name("volume", "learn-unencrypted-volume"):
                ec2.delete_volume(VolumeId=v["VolumeId"])
                self.gone("ec2 volume learn-unencrypted-volume")
            return
        # ec2.ebs_volume_encrypted FAIL: created while encryption-by-default is off.
        vol = ensure_volume("learn-unencrypted-volume", False, "ec2.ebs_volume_encrypted")
        self.note("ec2", "learn-unencrypted-volume", "ec2.ebs_volume_encrypted", "FAIL")
        # ec2.ebs_snapshot_not_public FAIL: anyone ("group all") may create a volume from it.
        snap = ensure_snapshot("learn-public-snapshot", vol)
        ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission",
                                      OperationType="add", GroupNames=["all"])
        perms = ec2.describe_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission")[
            "CreateVolumePermissions"]
        public = any(p.get("Group") == "all" for p in perms)
        self.note("ec2", "learn-public-snapshot", "ec2.ebs_snapshot_not_public",
                  "FAIL" if public else "PASS", "" if public else "emulator dropped the 'all' permission")

    def flow_logs(self, vpc: str, default_vpcs: list) -> None:
        """ec2.vpc_flow_logs_enabled: none in misconfigured mode (FAIL for every VPC); hardened
        mode logs learn-vpc and the default VPC to S3 (no IAM role needed, unlike CloudWatch)."""
        ec2 = self.c("ec2")
        vpcs = [vpc] + [v for v in default_vpcs if v != vpc]
        for v in vpcs:
            existing = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [v]}])["FlowLogs"]
            if self.hardened and not existing:
                if not self.log_bucket_ok:
                    raise Unavailable("flow logs need the learn-access-logs bucket, which was not created")
                r = ec2.create_flow_logs(ResourceIds=[v], ResourceType="VPC", TrafficType="ALL",
                                         LogDestinationType="s3",
                                         LogDestination="arn:aws:s3:::learn-access-logs",  # AWSLogs/ prefix; moto misreads a /prefix
                                         TagSpecifications=self.ec2_tags("vpc-flow-log", "learn-flow-log",
                                                                         "ec2.vpc_flow_logs_enabled"))
                if r.get("Unsuccessful"):
                    raise RuntimeError(f"create_flow_logs: {r['Unsuccessful']}")
            elif not self.hardened and existing:
                ec2.delete_flow_logs(FlowLogIds=[f["FlowLogId"] for f in existing])
            # Only learn-vpc is noted: the default VPC has no learn- name to pin it by.
            if v == vpc:
                self.note("ec2", "learn-vpc", "ec2.vpc_flow_logs_enabled", "PASS" if self.hardened else "FAIL",
                          "flow logs to learn-access-logs" if self.hardened else "no flow logs")

    def instances(self, subnet: str, sg: str) -> None:
        ec2, iam = self.c("ec2"), self.c("iam")
        H = self.hardened
        # learn-ec2-profile: the instance profile an instance should carry (role with a
        # read-only managed policy, no inline policy).
        self.ensure_role("learn-ec2-role", "ec2.amazonaws.com", "ec2.instance_profile_attached")
        self.note("iam", "learn-ec2-role", PRIVESC, "PASS", "read-only S3")
        iam.attach_role_policy(RoleName="learn-ec2-role",
                               PolicyArn=f"arn:aws:iam::{self.account}:policy/learn-readonly-policy")
        self.quietly(iam.create_instance_profile, "EntityAlreadyExists", InstanceProfileName="learn-ec2-profile")
        prof = iam.get_instance_profile(InstanceProfileName="learn-ec2-profile")["InstanceProfile"]
        if not prof["Roles"]:
            iam.add_role_to_instance_profile(InstanceProfileName="learn-ec2-profile", RoleName="learn-ec2-role")
        prof_arn = prof["Arn"]

        images = ec2.describe_images(Owners=["amazon"])["Images"]
        linux = [i for i in images if "amzn" in i.get("Name", "").lower() or "linux" in i.get("Name", "").lower()]
        image = (linux or images)[0]

        gap: set[str] = set()   # instances the emulator would not give a profile

        def profile_gap(exc: ClientError, iid_or_name: str) -> bool:
            """LocalStack's EC2 (moto-based) looks instance profiles up in moto's IAM, but
            LocalStack's own IAM holds them: every attach fails with NoSuchEntity there."""
            if err_code(exc) != "NoSuchEntity":
                return False
            gap.add(iid_or_name)
            return True

        def ensure_instance(name: str, tokens: str, profile: bool, check: str) -> str:
            found = self.by_name("instance", name)
            if found:
                return found[0]["InstanceId"]
            args = dict(ImageId=image["ImageId"], InstanceType="t3.micro", MinCount=1, MaxCount=1,
                        SubnetId=subnet, SecurityGroupIds=[sg],
                        MetadataOptions={"HttpTokens": tokens, "HttpEndpoint": "enabled",
                                         "HttpPutResponseHopLimit": 1},
                        # Encrypted root volume, so the instances never fail ec2.ebs_volume_encrypted.
                        BlockDeviceMappings=[{"DeviceName": image.get("RootDeviceName", "/dev/xvda"),
                                              "Ebs": {"VolumeSize": 8, "Encrypted": True,
                                                      "DeleteOnTermination": True,
                                                      **({"KmsKeyId": self.kms_key_arn} if self.kms_key_arn else {})}}],
                        TagSpecifications=self.ec2_tags("instance", name, check))
            if profile:
                try:
                    return ec2.run_instances(**args, IamInstanceProfile={"Arn": prof_arn})["Instances"][0]["InstanceId"]
                except ClientError as exc:
                    if not profile_gap(exc, name):
                        raise
            return ec2.run_instances(**args)["Instances"][0]["InstanceId"]

        def set_state(name: str, iid: str, tokens: str, profile: bool) -> None:
            # HttpPutResponseHopLimit too: LocalStack's handler crashes (int(None)) without it.
            ec2.modify_instance_metadata_options(InstanceId=iid, HttpTokens=tokens, HttpEndpoint="enabled",
                                                 HttpPutResponseHopLimit=1)
            assoc = ec2.describe_iam_instance_profile_associations(
                Filters=[{"Name": "instance-id", "Values": [iid]}])["IamInstanceProfileAssociations"]
            assoc = [a for a in assoc if a.get("State") in ("associated", "associating", None)]
            if profile and not assoc:
                try:
                    ec2.associate_iam_instance_profile(InstanceId=iid, IamInstanceProfile={"Arn": prof_arn})
                except ClientError as exc:
                    if not profile_gap(exc, name):
                        raise
            elif not profile:
                for a in assoc:
                    ec2.disassociate_iam_instance_profile(AssociationId=a["AssociationId"])
            # The gap tag lets emulator-mutelist.toml mute exactly these findings (and nothing
            # else): an instance that should PASS but cannot on this emulator.
            if name in gap:
                ec2.create_tags(Resources=[iid], Tags=[{"Key": "posture:emulator-gap", "Value": "instance-profile"}])
            else:
                self.quietly(ec2.delete_tags, "InvalidID", Resources=[iid], Tags=[{"Key": "posture:emulator-gap"}])

        # ec2.instance_imdsv2_required + ec2.instance_profile_attached: PASS for both.
        good = ensure_instance("learn-imdsv2-with-role", "required", True, "ec2.instance_imdsv2_required")
        set_state("learn-imdsv2-with-role", good, "required", True)
        # The same two checks FAIL: IMDSv1 allowed (HttpTokens optional), no instance profile.
        # Hardened mode repairs it in place (require tokens, attach learn-ec2-profile) rather than
        # terminating it: a terminated instance lingers in DescribeInstances for a while.
        bad = ensure_instance("learn-imdsv1-no-role", "optional", False, "ec2.instance_imdsv2_required")
        set_state("learn-imdsv1-no-role", bad, "required" if H else "optional", H)

        desc = {i["InstanceId"]: i for r in ec2.describe_instances(InstanceIds=[good, bad])["Reservations"]
                for i in r["Instances"]}
        for name, iid in (("learn-imdsv2-with-role", good), ("learn-imdsv1-no-role", bad)):
            i = desc[iid]
            tokens = i.get("MetadataOptions", {}).get("HttpTokens")
            has_prof = bool(i.get("IamInstanceProfile"))
            self.note("ec2", name, "ec2.instance_imdsv2_required",
                      "PASS" if tokens == "required" else "FAIL", f"HttpTokens={tokens}")
            why = "repaired by hardened mode" if H and iid == bad and has_prof else ""
            if name in gap:
                self.skip(f"ec2 instance profile on {name}", "the emulator's EC2 cannot see IAM instance profiles")
                why = (f"{self.emulator}'s EC2 cannot attach an instance profile (NoSuchEntity); "
                       "tagged posture:emulator-gap=instance-profile (muted)")
            self.note("ec2", name, "ec2.instance_profile_attached",
                      "PASS" if has_prof else "FAIL", why)
            # (The encrypted root volumes are not noted: they carry no learn- name to pin them by.)

    # ================================================================== Lambda
    def lambda_(self) -> None:
        lam, iam = self.c("lambda"), self.c("iam")
        # Delete/update answer HTTP 500 on LocalStack without Docker: retrying only wastes seconds.
        lam_once = self.c("lambda", attempts=1)
        H = self.hardened
        self.probe(lam.list_functions, MaxItems=1)
        role = self.ensure_role("learn-lambda-role", "lambda.amazonaws.com", "lambda.function_not_public")
        basic = self.aws_policy("service-role/AWSLambdaBasicExecutionRole")
        iam.attach_role_policy(RoleName="learn-lambda-role",
                               PolicyArn=basic or f"arn:aws:iam::{self.account}:policy/learn-readonly-policy")
        self.note("iam", "learn-lambda-role", PRIVESC, "PASS",
                  AWS_MANAGED_READ if basic else "read-only S3")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("index.py", "def handler(event, context):\n    return {'ok': True}\n")
        code = buf.getvalue()

        def ensure_fn(name: str, runtime: str, check: str) -> str:
            try:
                return lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
            except ClientError as exc:
                if err_code(exc) != "ResourceNotFoundException":
                    raise
            return lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler="index.handler",
                                       Code={"ZipFile": code}, Tags={TAG_KEY: check})["FunctionArn"]

        def delete_fn(name: str) -> bool:
            """True when the function is gone (or never existed)."""
            try:
                lam_once.delete_function(FunctionName=name)
                self.gone(f"lambda function {name}")
            except ClientError as exc:
                if err_code(exc) == "ResourceNotFoundException":
                    return True
                # LocalStack host mode (no Docker) creates functions but cannot delete or update
                # them: "Unable to find version manager". Only a restart clears them.
                if err_code(exc) not in ("InternalError", "InternalFailure"):
                    raise
                self.skip(f"lambda DeleteFunction {name}", "the emulator cannot delete functions without Docker; "
                          "restart it for a clean hardened account")
                return False
            return True

        # lambda.function_not_public + lambda.runtime_supported: PASS (no resource policy, python3.12).
        self.lambda_arns["learn-fn-private"] = ensure_fn("learn-fn-private", "python3.12", "lambda.function_not_public")
        for chk in ("lambda.function_not_public", "lambda.runtime_supported"):
            self.note("lambda", "learn-fn-private", chk, "PASS")
        # The rotation function for learn-secret-rotating (same verdicts as learn-fn-private).
        self.lambda_arns["learn-fn-rotator"] = ensure_fn("learn-fn-rotator", "python3.12",
                                                         "secretsmanager.secret_rotation_enabled")
        for chk in ("lambda.function_not_public", "lambda.runtime_supported"):
            self.note("lambda", "learn-fn-rotator", chk, "PASS")
        if H:
            if not delete_fn("learn-fn-public"):
                # Second best: repair it by removing the public statement.
                self.quietly(lam.remove_permission, "ResourceNotFoundException", FunctionName="learn-fn-public",
                             StatementId="learn-anyone-can-invoke")
                self.note("lambda", "learn-fn-public", "lambda.function_not_public", "PASS",
                          "public statement removed (emulator could not delete the function)")
                self.note("lambda", "learn-fn-public", "lambda.runtime_supported", "PASS")
            if not delete_fn("learn-fn-old-runtime"):
                # Second best: move it to a supported runtime. LocalStack (no Docker) answers
                # UpdateFunctionConfiguration with HTTP 500 *after* storing the change, so the
                # verdict comes from reading the runtime back.
                try:
                    lam_once.update_function_configuration(FunctionName="learn-fn-old-runtime", Runtime="python3.12")
                except ClientError as exc:
                    if err_code(exc) not in ("InternalError", "InternalFailure"):
                        raise
                runtime = lam.get_function_configuration(FunctionName="learn-fn-old-runtime")["Runtime"]
                self.note("lambda", "learn-fn-old-runtime", "lambda.runtime_supported",
                          "FAIL" if runtime == "python3.7" else "PASS", f"runtime now {runtime}")
                self.note("lambda", "learn-fn-old-runtime", "lambda.function_not_public", "PASS")
            return
        # lambda.function_not_public FAIL: resource policy lets anyone ("*") invoke it.
        ensure_fn("learn-fn-public", "python3.12", "lambda.function_not_public")
        self.quietly(lam.add_permission, "ResourceConflictException", FunctionName="learn-fn-public",
                     StatementId="learn-anyone-can-invoke", Action="lambda:InvokeFunction", Principal="*")
        self.note("lambda", "learn-fn-public", "lambda.function_not_public", "FAIL")
        self.note("lambda", "learn-fn-public", "lambda.runtime_supported", "PASS")
        # lambda.runtime_supported FAIL: python3.7 reached end of support in 2023.
        try:
            ensure_fn("learn-fn-old-runtime", "python3.7", "lambda.runtime_supported")
            if lam.get_function_configuration(FunctionName="learn-fn-old-runtime")["Runtime"] != "python3.7":
                # Back from a hardened run on an emulator that could only update it.
                try:
                    lam_once.update_function_configuration(FunctionName="learn-fn-old-runtime", Runtime="python3.7")
                except ClientError as exc:
                    if err_code(exc) not in ("InternalError", "InternalFailure"):
                        raise
            self.note("lambda", "learn-fn-old-runtime", "lambda.runtime_supported", "FAIL")
            self.note("lambda", "learn-fn-old-runtime", "lambda.function_not_public", "PASS")
        except ClientError as exc:
            if err_code(exc) not in ("InvalidParameterValueException", "ValidationException"):
                raise
            self.skip(f"lambda deprecated runtime python3.7 ({err_code(exc)})")

    # ================================================================== Secrets Manager
    def secretsmanager(self) -> None:
        sm = self.c("secretsmanager")
        H = self.hardened
        self.probe(sm.list_secrets, MaxResults=1)

        def ensure_secret(name: str, check: str) -> str:
            try:
                return sm.describe_secret(SecretId=name)["ARN"]
            except ClientError as exc:
                if err_code(exc) != "ResourceNotFoundException":
                    raise
            return sm.create_secret(Name=name, SecretString=json.dumps({"password": "learn-only"}),
                                    Tags=self.tags(check))["ARN"]

        # secretsmanager.secret_rotation_enabled PASS: rotated every 30 days by learn-fn-rotator.
        ensure_secret("learn-secret-rotating", "secretsmanager.secret_rotation_enabled")
        desc = sm.describe_secret(SecretId="learn-secret-rotating")
        if not desc.get("RotationEnabled"):
            rotator = self.lambda_arns.get("learn-fn-rotator") or \
                f"arn:aws:lambda:{self.region}:{self.account}:function:learn-fn-rotator"
            args = dict(SecretId="learn-secret-rotating", RotationLambdaARN=rotator,
                        RotationRules={"AutomaticallyAfterDays": 30})
            try:
                # RotateImmediately=False: only schedule, do not run the function now.
                sm.rotate_secret(**args, RotateImmediately=False)
            except ClientError as exc:
                # LocalStack 2026.3 fails on RotateImmediately=False with an internal
                # "new_version_id" error; an immediate rotation is accepted there.
                if err_code(exc) not in ("InternalError", "InternalFailure"):
                    raise
                sm.rotate_secret(**args)
            desc = sm.describe_secret(SecretId="learn-secret-rotating")
        self.note("secretsmanager", "learn-secret-rotating", "secretsmanager.secret_rotation_enabled",
                  "PASS" if desc.get("RotationEnabled") else "FAIL",
                  "" if desc.get("RotationEnabled") else "emulator did not record RotationEnabled")
        # secretsmanager.secret_policy_not_public — PASS: no resource policy.
        self.note("secretsmanager", "learn-secret-rotating", "secretsmanager.secret_policy_not_public", "PASS")
        if H:
            try:
                sm.describe_secret(SecretId="learn-secret-static")
                sm.delete_secret(SecretId="learn-secret-static", ForceDeleteWithoutRecovery=True)
                self.gone("secretsmanager secret learn-secret-static")
            except ClientError as exc:
                if err_code(exc) != "ResourceNotFoundException":
                    raise
            return
        # secretsmanager.secret_rotation_enabled FAIL: a static secret that never rotates.
        ensure_secret("learn-secret-static", "secretsmanager.secret_rotation_enabled")
        self.note("secretsmanager", "learn-secret-static", "secretsmanager.secret_rotation_enabled", "FAIL")
        # secretsmanager.secret_policy_not_public — FAIL: anyone may read the static secret.
        sm.put_resource_policy(SecretId="learn-secret-static", ResourcePolicy=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                                                   "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}))
        self.note("secretsmanager", "learn-secret-static", "secretsmanager.secret_policy_not_public", "FAIL",
                  "Principal * may GetSecretValue")

    # ================================================================== ECR
    def ecr(self) -> None:
        ecr = self.c("ecr")
        existing = {r["repositoryName"] for r in self.probe(ecr.describe_repositories)["repositories"]}
        for name in ("learn-repo-private", "learn-repo-open"):
            if name not in existing:
                ecr.create_repository(repositoryName=name, tags=self.tags("ecr.repository_not_public"))
        # ecr.repository_not_public — PASS: no repository policy.
        self.note("ecr", "learn-repo-private", "ecr.repository_not_public", "PASS", "no policy")
        # ecr.repository_not_public — FAIL: anyone may pull (hardened: the policy is removed).
        if self.hardened:
            self.quietly(ecr.delete_repository_policy, "RepositoryPolicyNotFoundException",
                         repositoryName="learn-repo-open")
        else:
            ecr.set_repository_policy(repositoryName="learn-repo-open", policyText=json.dumps({
                "Version": "2012-10-17", "Statement": [{"Sid": "AnyonePulls", "Effect": "Allow", "Principal": "*",
                                                       "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}))
        self.note("ecr", "learn-repo-open", "ecr.repository_not_public", "PASS" if self.hardened else "FAIL",
                  "" if self.hardened else "Principal * may pull")

    def ecr_images(self) -> None:
        """ECR.1-3 on the repositories the ecr section made: learn-repo-private scans on push, has
        immutable tags and a lifecycle policy; learn-repo-open has none of them (hardened: all)."""
        if any(u["service"] == "ecr" for u in self.unavailable):
            return   # the ecr section has recorded it
        ecr = self.c("ecr")
        existing = {r["repositoryName"] for r in self.probe(ecr.describe_repositories)["repositories"]}
        checks = ("ecr.image_scanning_configured", "ecr.tag_immutability_enabled",
                  "ecr.lifecycle_policy_configured")
        expire_untagged = json.dumps({"rules": [{
            "rulePriority": 1, "description": "expire untagged images after 14 days",
            "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                          "countUnit": "days", "countNumber": 14},
            "action": {"type": "expire"}}]})
        for name, hardened in (("learn-repo-private", True), ("learn-repo-open", self.hardened)):
            if name not in existing:
                raise RuntimeError(f"ecr_images needs {name} from the ecr section")
            ecr.put_image_scanning_configuration(repositoryName=name,
                                                 imageScanningConfiguration={"scanOnPush": hardened})
            ecr.put_image_tag_mutability(repositoryName=name,
                                         imageTagMutability="IMMUTABLE" if hardened else "MUTABLE")
            if hardened:
                ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=expire_untagged)
            else:
                self.quietly(ecr.delete_lifecycle_policy, "LifecyclePolicyNotFoundException",
                             repositoryName=name)
            # The registry keeps basic scanning with no rules, so the repository's own setting decides.
            for check in checks:
                self.note("ecr", name, check, "PASS" if hardened else "FAIL",
                          "" if hardened else "no scan on push, MUTABLE tags, no lifecycle policy")

    # ================================================================== EventBridge
    def eventbridge(self) -> None:
        events = self.c("events")
        existing = {b["Name"] for b in self.probe(events.list_event_buses)["EventBuses"]}
        for name in ("learn-bus-private", "learn-bus-open"):
            if name not in existing:
                events.create_event_bus(Name=name, Tags=self.tags("events.bus_not_public"))
        # events.bus_not_public — PASS: no policy, only this account may put events.
        self.note("eventbridge", "learn-bus-private", "events.bus_not_public", "PASS", "no policy")
        # events.bus_not_public — FAIL: every account may put events (hardened: permission removed).
        if self.hardened:
            self.quietly(events.remove_permission, "ResourceNotFoundException",
                         EventBusName="learn-bus-open", StatementId="learn-anyone-puts")
        else:
            self.quietly(events.put_permission, "ResourceConflictException", EventBusName="learn-bus-open",
                         Action="events:PutEvents", Principal="*", StatementId="learn-anyone-puts")
        self.note("eventbridge", "learn-bus-open", "events.bus_not_public", "PASS" if self.hardened else "FAIL",
                  "" if self.hardened else "Principal * may PutEvents")

    # ================================================================== SQS
    def sqs(self) -> None:
        sqs = self.c("sqs")
        H = self.hardened
        self.probe(sqs.list_queues)

        def ensure_queue(name: str, attributes: dict, check: str) -> None:
            url = sqs.create_queue(QueueName=name, tags={TAG_KEY: check})["QueueUrl"]
            sqs.set_queue_attributes(QueueUrl=url, Attributes=attributes)

        # sqs.queue_not_public + sqs.queue_encrypted — PASS: SQS-managed encryption, a policy that
        # lets only this account send.
        own = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.account}:root"},
            "Action": "sqs:SendMessage", "Resource": "*"}]})
        ensure_queue("learn-queue-private", {"SqsManagedSseEnabled": "true", "Policy": own}, "sqs.queue_not_public")
        for chk in ("sqs.queue_not_public", "sqs.queue_encrypted"):
            self.note("sqs", "learn-queue-private", chk, "PASS")
        # sqs.queue_not_public — FAIL: anyone may send; sqs.queue_encrypted — FAIL: no SSE at all.
        # Hardened: this account only, SSE-SQS on.
        anyone = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]})
        ensure_queue("learn-queue-open", {"SqsManagedSseEnabled": "true" if H else "false",
                                          "Policy": own if H else anyone}, "sqs.queue_not_public")
        for chk in ("sqs.queue_not_public", "sqs.queue_encrypted"):
            self.note("sqs", "learn-queue-open", chk, "PASS" if H else "FAIL")

    # ================================================================== SNS
    def sns(self) -> None:
        """sns.topic_not_public and sns.topic_encrypted on two topics of their own (the CIS 4.x
        alert topic is noted by the monitoring section, which configures it)."""
        sns = self.c("sns")
        H = self.hardened
        self.probe(sns.list_topics)
        own = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.account}:root"},
            "Action": ["sns:Publish", "sns:Subscribe"], "Resource": "*"}]})
        anyone = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": ["sns:Publish", "sns:Subscribe"], "Resource": "*"}]})

        def ensure_topic(name: str, policy: str, key: str) -> None:
            arn = sns.create_topic(Name=name, Tags=self.tags("sns.topic_not_public"))["TopicArn"]
            sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=policy)
            # An empty key turns server-side encryption off, as on AWS.
            sns.set_topic_attributes(TopicArn=arn, AttributeName="KmsMasterKeyId", AttributeValue=key)

        # sns.topic_not_public + sns.topic_encrypted — PASS: only this account may publish or
        # subscribe; SNS's AWS managed key encrypts stored messages (SNS.1 accepts any KMS key).
        ensure_topic("learn-topic-private", own, "alias/aws/sns")
        for chk in ("sns.topic_not_public", "sns.topic_encrypted"):
            self.note("sns", "learn-topic-private", chk, "PASS")
        # sns.topic_not_public — FAIL: any principal may publish and subscribe; sns.topic_encrypted
        # — FAIL: no KMS key. Hardened: this account only, the managed key.
        ensure_topic("learn-topic-open", own if H else anyone, "alias/aws/sns" if H else "")
        self.note("sns", "learn-topic-open", "sns.topic_not_public", "PASS" if H else "FAIL",
                  "" if H else "Principal AWS:* may publish and subscribe")
        self.note("sns", "learn-topic-open", "sns.topic_encrypted", "PASS" if H else "FAIL",
                  "" if H else "no KmsMasterKeyId")

    # ================================================================== DynamoDB
    def dynamodb(self) -> None:
        ddb = self.c("dynamodb")
        existing = set(self.probe(ddb.list_tables)["TableNames"])

        def ensure_table(name: str, check: str) -> None:
            if name not in existing:
                ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                 Tags=self.tags(check))
                ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})

        # dynamodb.table_pitr_enabled PASS: point-in-time recovery on.
        ensure_table("learn-table-pitr", "dynamodb.table_pitr_enabled")
        ddb.update_continuous_backups(TableName="learn-table-pitr",
                                      PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        self.note("dynamodb", "learn-table-pitr", "dynamodb.table_pitr_enabled", "PASS")
        if self.hardened:
            if "learn-table-no-pitr" in existing:
                ddb.delete_table(TableName="learn-table-no-pitr")
                self.gone("dynamodb table learn-table-no-pitr")
            return
        # dynamodb.table_pitr_enabled FAIL: no point-in-time recovery.
        ensure_table("learn-table-no-pitr", "dynamodb.table_pitr_enabled")
        self.note("dynamodb", "learn-table-no-pitr", "dynamodb.table_pitr_enabled", "FAIL")

    # ================================================================== RDS
    def rds(self) -> None:
        rds = self.c("rds")
        existing = {d["DBInstanceIdentifier"] for d in self.probe(rds.describe_db_instances)["DBInstances"]}
        checks = ["rds.instance_storage_encrypted", "rds.instance_not_public",
                  "rds.instance_auto_minor_upgrade", "rds.instance_backups_retained",
                  "rds.instance_multi_az"]

        def ensure_db(name: str, good: bool) -> None:
            if name in existing:
                return
            args = dict(DBInstanceIdentifier=name, Engine="postgres", DBInstanceClass="db.t3.micro",
                        AllocatedStorage=20, MasterUsername="learner", MasterUserPassword=DB_PASSWORD,
                        PubliclyAccessible=not good, StorageEncrypted=good,
                        AutoMinorVersionUpgrade=good, BackupRetentionPeriod=7 if good else 0, MultiAZ=good,
                        Tags=self.tags(checks[0]))
            if good and self.kms_key_arn:
                args["KmsKeyId"] = self.kms_key_arn
            rds.create_db_instance(**args)

        # Every RDS check PASS: private, encrypted with learn-key-rotating, minor upgrades on,
        # 7 days of backups, Multi-AZ (as the emulator reports it back).
        ensure_db("learn-db-private", True)
        private = rds.describe_db_instances(DBInstanceIdentifier="learn-db-private")["DBInstances"][0]
        if not private.get("MultiAZ"):   # created by an earlier version of this script
            rds.modify_db_instance(DBInstanceIdentifier="learn-db-private", MultiAZ=True, ApplyImmediately=True)
            private = rds.describe_db_instances(DBInstanceIdentifier="learn-db-private")["DBInstances"][0]
        multi_az = private.get("MultiAZ")
        for chk in checks:
            ok = chk != "rds.instance_multi_az" or multi_az
            self.note("rds", "learn-db-private", chk, "PASS" if ok else "FAIL",
                      "" if ok else "emulator dropped MultiAZ")
        if self.hardened:
            if "learn-db-public" in existing:
                rds.delete_db_instance(DBInstanceIdentifier="learn-db-public", SkipFinalSnapshot=True)
                self.gone("rds instance learn-db-public")
            return
        # Every one FAIL: publicly accessible, unencrypted, no minor upgrades, no backups, one zone.
        ensure_db("learn-db-public", False)
        d = rds.describe_db_instances(DBInstanceIdentifier="learn-db-public")["DBInstances"][0]
        actual = {"rds.instance_storage_encrypted": not d.get("StorageEncrypted"),
                  "rds.instance_not_public": d.get("PubliclyAccessible"),
                  "rds.instance_auto_minor_upgrade": not d.get("AutoMinorVersionUpgrade"),
                  "rds.instance_backups_retained": d.get("BackupRetentionPeriod", 0) == 0,
                  "rds.instance_multi_az": not d.get("MultiAZ")}
        for chk in checks:
            self.note("rds", "learn-db-public", chk, "FAIL" if actual[chk] else "PASS",
                      "" if actual[chk] else "emulator ignored the weak setting")

    # ================================================================== EFS
    def efs(self) -> None:
        efs = self.c("efs")
        existing = {f.get("CreationToken"): f for f in self.probe(efs.describe_file_systems)["FileSystems"]}

        def ensure_fs(name: str, encrypted: bool) -> str:
            if name in existing:
                return existing[name]["FileSystemId"]
            args = dict(CreationToken=name, Encrypted=encrypted, PerformanceMode="generalPurpose",
                        Tags=self.tags("efs.file_system_encrypted", name))
            if encrypted and self.kms_key_arn:
                args["KmsKeyId"] = self.kms_key_arn
            return efs.create_file_system(**args)["FileSystemId"]

        # efs.file_system_encrypted PASS: encrypted at rest with learn-key-rotating.
        ensure_fs("learn-efs-encrypted", True)
        self.note("efs", "learn-efs-encrypted", "efs.file_system_encrypted", "PASS")
        if self.hardened:
            if "learn-efs-unencrypted" in existing:
                efs.delete_file_system(FileSystemId=existing["learn-efs-unencrypted"]["FileSystemId"])
                self.gone("efs file system learn-efs-unencrypted")
            return
        # efs.file_system_encrypted FAIL: created without encryption (cannot be changed later).
        ensure_fs("learn-efs-unencrypted", False)
        self.note("efs", "learn-efs-unencrypted", "efs.file_system_encrypted", "FAIL")

    # ================================================================== Elastic Load Balancing v2
    def elbv2(self) -> None:
        elb = self.c("elbv2")
        existing = {lb["LoadBalancerName"]: lb for lb in self.probe(elb.describe_load_balancers)["LoadBalancers"]}
        ec2 = self.c("ec2")
        vpcs = self.by_name("vpc", "learn-vpc")
        if not vpcs:
            raise RuntimeError("elbv2 needs learn-vpc from the ec2 section")
        vpc = vpcs[0]["VpcId"]
        # Two subnets of their own in two zones: ALBs need two; the NLB takes one.
        subnets = []
        for name, cidr, zone in (("learn-subnet-lb-a", "10.42.11.0/24", f"{self.region}a"),
                                 ("learn-subnet-lb-b", "10.42.12.0/24", f"{self.region}b")):
            found = self.by_name("subnet", name)
            subnets.append(found[0]["SubnetId"] if found else ec2.create_subnet(
                VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone,
                TagSpecifications=self.ec2_tags("subnet", name, "elbv2.spans_multiple_azs"))["Subnet"]["SubnetId"])
        cert = self.alb_certificate()

        def ensure_lb(name: str, kind: str, in_subnets: list) -> str:
            if name in existing:
                return existing[name]["LoadBalancerArn"]
            return elb.create_load_balancer(Name=name, Subnets=in_subnets, Type=kind,
                                            Scheme="internet-facing",
                                            Tags=self.tags("elbv2.*", name))["LoadBalancers"][0]["LoadBalancerArn"]

        def set_listeners(arn: str, wanted: list) -> None:
            for listener in elb.describe_listeners(LoadBalancerArn=arn)["Listeners"]:
                elb.delete_listener(ListenerArn=listener["ListenerArn"])
            for listener in wanted:
                elb.create_listener(LoadBalancerArn=arn, **listener)

        def set_attributes(arn: str, on: bool) -> None:
            value = "true" if on else "false"
            attributes = [{"Key": "deletion_protection.enabled", "Value": value}]
            if arn.split(":")[-1].startswith("loadbalancer/app/"):
                attributes += [{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": value},
                               {"Key": "access_logs.s3.enabled", "Value": value}]
                if on:
                    attributes.append({"Key": "access_logs.s3.bucket", "Value": "learn-access-logs"})
            elb.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=attributes)

        ok = {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}
        https = lambda policy: {"Protocol": "HTTPS", "Port": 443, "SslPolicy": policy,  # noqa: E731
                                "Certificates": [{"CertificateArn": cert}], "DefaultActions": [ok]}
        # The hardened ALB: HTTP redirected to HTTPS, TLS 1.2+ only, logs, headers dropped,
        # deletion protection, two zones: PASS on every ELB check.
        hardened = ensure_lb("learn-alb-hardened", "application", subnets)
        set_listeners(hardened, [
            {"Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "redirect", "RedirectConfig": {
                "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]},
            https("ELBSecurityPolicy-TLS13-1-2-2021-06")])
        set_attributes(hardened, True)
        for check in ("elbv2.http_redirected_to_https", "elbv2.listener_tls_policy_current",
                      "elbv2.access_logging_enabled", "elbv2.drops_invalid_headers",
                      "elbv2.deletion_protection_enabled", "elbv2.spans_multiple_azs"):
            self.note("elbv2", "learn-alb-hardened", check, "PASS")

        misconfigured = {"learn-alb-open": "application", "learn-nlb-single-az": "network"}
        if self.hardened:
            for name in misconfigured:
                if name in existing:
                    set_attributes(existing[name]["LoadBalancerArn"], False)
                    elb.delete_load_balancer(LoadBalancerArn=existing[name]["LoadBalancerArn"])
                    self.gone(f"load balancer {name}")
            return
        # The open ALB: plain HTTP forwarded, a 2016 policy that still allows TLS 1.0 and 1.1, no
        # logs, invalid headers passed on, no deletion protection (it spans two zones: PASS there).
        opened = ensure_lb("learn-alb-open", "application", subnets)
        set_listeners(opened, [{"Protocol": "HTTP", "Port": 80, "DefaultActions": [ok]},
                               https("ELBSecurityPolicy-2016-08")])
        set_attributes(opened, False)
        self.note("elbv2", "learn-alb-open", "elbv2.http_redirected_to_https", "FAIL", "HTTP 80 forwards")
        self.note("elbv2", "learn-alb-open", "elbv2.listener_tls_policy_current", "FAIL",
                  "ELBSecurityPolicy-2016-08 allows TLSv1 and TLSv1.1")
        self.note("elbv2", "learn-alb-open", "elbv2.access_logging_enabled", "FAIL")
        self.note("elbv2", "learn-alb-open", "elbv2.drops_invalid_headers", "FAIL")
        self.note("elbv2", "learn-alb-open", "elbv2.deletion_protection_enabled", "FAIL")
        self.note("elbv2", "learn-alb-open", "elbv2.spans_multiple_azs", "PASS")
        # The NLB in one zone: no TLS listener and not an ALB, so only two checks judge it.
        nlb = ensure_lb("learn-nlb-single-az", "network", subnets[:1])
        set_listeners(nlb, [{"Protocol": "TCP", "Port": 443, "DefaultActions": [
            {"Type": "forward", "TargetGroupArn": self.target_group(vpc)}]}])
        set_attributes(nlb, False)
        self.note("elbv2", "learn-nlb-single-az", "elbv2.spans_multiple_azs", "FAIL", "one zone")
        self.note("elbv2", "learn-nlb-single-az", "elbv2.deletion_protection_enabled", "FAIL")

    def alb_certificate(self) -> str:
        """An ACM certificate for the HTTPS listeners (ACM, not IAM: hardened mode on moto deletes
        every IAM server certificate, since moto reports them all expired)."""
        acm = self.c("acm")
        domain = "learn-alb.example.com"
        for summary in acm.list_certificates()["CertificateSummaryList"]:
            if summary.get("DomainName") == domain:
                return summary["CertificateArn"]
        now = dt.datetime.now(dt.timezone.utc)
        body, key = self_signed(domain, now - dt.timedelta(days=1), now + dt.timedelta(days=365))
        return acm.import_certificate(Certificate=body.encode(), PrivateKey=key.encode())["CertificateArn"]

    def target_group(self, vpc: str) -> str:
        elb = self.c("elbv2")
        try:
            return elb.describe_target_groups(Names=["learn-tg-tcp"])["TargetGroups"][0]["TargetGroupArn"]
        except ClientError:
            return elb.create_target_group(Name="learn-tg-tcp", Protocol="TCP", Port=443, VpcId=vpc,
                                           TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]

    # ================================================================== EKS
    def eks(self) -> None:
        eks = self.c("eks")
        existing = set(self.probe(eks.list_clusters)["clusters"])
        subnets = [s["SubnetId"] for name in ("learn-subnet-lb-a", "learn-subnet-lb-b")
                   for s in self.by_name("subnet", name)]
        role = f"arn:aws:iam::{self.account}:role/learn-eks-cluster"
        checks = ("eks.cluster_endpoint_not_public", "eks.cluster_secrets_encrypted",
                  "eks.cluster_audit_logging_enabled", "eks.cluster_version_supported")

        def ensure(name: str, **settings) -> None:
            if name not in existing:
                eks.create_cluster(name=name, roleArn=role, tags={TAG_KEY: "eks.*"}, **settings)

        # Private endpoint, secrets under learn-key-rotating, audit log on, a current version.
        hardened = dict(version="1.35",
                        resourcesVpcConfig={"subnetIds": subnets, "endpointPublicAccess": False,
                                            "endpointPrivateAccess": True},
                        logging={"clusterLogging": [{"types": ["api", "audit"], "enabled": True}]})
        if self.kms_key_arn:
            hardened["encryptionConfig"] = [{"resources": ["secrets"], "provider": {"keyArn": self.kms_key_arn}}]
        ensure("learn-eks-hardened", **hardened)
        for check in checks:
            self.note("eks", "learn-eks-hardened", check, "PASS" if self.kms_key_arn or
                      check != "eks.cluster_secrets_encrypted" else "FAIL")
        if self.hardened:
            if "learn-eks-open" in existing:
                eks.delete_cluster(name="learn-eks-open")
                self.gone("eks cluster learn-eks-open")
            return
        # Public endpoint from anywhere, no customer key, no control-plane logs, 1.29 (out of
        # standard support since March 2025).
        ensure("learn-eks-open", version="1.29",
               resourcesVpcConfig={"subnetIds": subnets, "endpointPublicAccess": True,
                                   "publicAccessCidrs": ["0.0.0.0/0"]},
               logging={"clusterLogging": [{"types": ["api", "audit"], "enabled": False}]})
        for check in checks:
            self.note("eks", "learn-eks-open", check, "FAIL")

    # ================================================================== API Gateway
    def apigateway(self) -> None:
        ag = self.c("apigateway")
        apis = {a["name"]: a["id"] for a in self.probe(ag.get_rest_apis)["items"]}
        if "learn-api" in apis:
            api = apis["learn-api"]
        else:
            api = ag.create_rest_api(name="learn-api", tags={TAG_KEY: "apigateway.*"})["id"]
            root = [r for r in ag.get_resources(restApiId=api)["items"] if r["path"] == "/"][0]["id"]
            ag.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
            ag.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
        deployment = ag.create_deployment(restApiId=api)["id"]
        stages = {st["stageName"] for st in ag.get_stages(restApiId=api)["item"]}

        def ensure_stage(name: str, patches: list) -> None:
            if name not in stages:
                ag.create_stage(restApiId=api, stageName=name, deploymentId=deployment,
                                cacheClusterEnabled=True, cacheClusterSize="0.5")
            ag.update_stage(restApiId=api, stageName=name, patchOperations=patches)

        def patch(path: str, value: str) -> dict:
            return {"op": "replace", "path": path, "value": value}

        # The hardened stage: INFO execution logs, X-Ray, a WAF web ACL, an encrypted cache, and a
        # client certificate for the backend where the emulator can make one.
        ensure_stage("hardened", [patch("/*/*/logging/loglevel", "INFO"), patch("/tracingEnabled", "true"),
                                  patch("/*/*/caching/enabled", "true"),
                                  patch("/*/*/caching/dataEncrypted", "true")])
        label = "learn-api/hardened"
        try:
            cert = ag.generate_client_certificate(description="learn-api backend")["clientCertificateId"]
            ag.update_stage(restApiId=api, stageName="hardened",
                            patchOperations=[patch("/clientCertificateId", cert)])
            # The verdict follows what the emulator reports back, not what was asked of it.
            kept = ag.get_stage(restApiId=api, stageName="hardened").get("clientCertificateId")
            self.note("apigateway", label, "apigateway.stage_backend_client_certificate",
                      "PASS" if kept else "FAIL",
                      "" if kept else f"{self.emulator} accepts the certificate but does not keep it on the stage")
        except ClientError as exc:
            self.note("apigateway", label, "apigateway.stage_backend_client_certificate", "FAIL",
                      f"{self.emulator} cannot generate client certificates ({err_code(exc) or exc})")
        waf = self.c("wafv2")
        try:
            acls = {a["Name"]: a["ARN"] for a in self.probe(waf.list_web_acls, Scope="REGIONAL")["WebACLs"]}
            acl = acls.get("learn-waf-acl") or waf.create_web_acl(
                Name="learn-waf-acl", Scope="REGIONAL", DefaultAction={"Allow": {}},
                VisibilityConfig={"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,
                                  "MetricName": "learn-waf-acl"})["Summary"]["ARN"]
            waf.associate_web_acl(WebACLArn=acl,
                                  ResourceArn=f"arn:aws:apigateway:{self.region}::/restapis/{api}/stages/hardened")
            self.note("apigateway", label, "apigateway.stage_waf_associated", "PASS")
        except Unavailable:
            self.note("apigateway", label, "apigateway.stage_waf_associated", "FAIL",
                      f"{self.emulator} does not serve AWS WAF, so no web ACL can be associated")
        for check in ("apigateway.stage_execution_logging_enabled", "apigateway.stage_xray_tracing_enabled",
                      "apigateway.stage_cache_encrypted"):
            self.note("apigateway", label, check, "PASS")
        if self.hardened:
            if "open" in stages:
                ag.delete_stage(restApiId=api, stageName="open")
                self.gone("api gateway stage learn-api/open")
            return
        # The open stage: no execution log, no tracing, no WAF, no client certificate, and a cache
        # that keeps responses unencrypted.
        ensure_stage("open", [patch("/*/*/logging/loglevel", "OFF"), patch("/tracingEnabled", "false"),
                              patch("/*/*/caching/enabled", "true"),
                              patch("/*/*/caching/dataEncrypted", "false")])
        for check in ("apigateway.stage_execution_logging_enabled", "apigateway.stage_xray_tracing_enabled",
                      "apigateway.stage_waf_associated", "apigateway.stage_cache_encrypted",
                      "apigateway.stage_backend_client_certificate"):
            self.note("apigateway", "learn-api/open", check, "FAIL")

    # ================================================================== AWS WAF
    def waf(self) -> None:
        """learn-waf-acl (made by the apigateway section) gets a rate-based rule and logging and
        protects learn-alb-hardened; learn-waf-empty has neither rule nor logging; learn-alb-open
        has no web ACL."""
        waf = self.c("wafv2")
        acls = {a["Name"]: a for a in self.probe(waf.list_web_acls, Scope="REGIONAL")["WebACLs"]}
        visibility = lambda name: {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,  # noqa: E731
                                   "MetricName": name}

        def ensure_acl(name: str) -> dict:
            if name not in acls:
                acls[name] = waf.create_web_acl(Name=name, Scope="REGIONAL", DefaultAction={"Allow": {}},
                                                VisibilityConfig=visibility(name))["Summary"]
            return acls[name]

        good = ensure_acl("learn-waf-acl")
        current = waf.get_web_acl(Name=good["Name"], Id=good["Id"], Scope="REGIONAL")
        if not current["WebACL"].get("Rules"):
            waf.update_web_acl(Name=good["Name"], Id=good["Id"], Scope="REGIONAL", DefaultAction={"Allow": {}},
                               LockToken=current["LockToken"], VisibilityConfig=visibility(good["Name"]),
                               Rules=[{"Name": "learn-rate-limit", "Priority": 0, "Action": {"Block": {}},
                                       "Statement": {"RateBasedStatement": {"Limit": 1000, "AggregateKeyType": "IP"}},
                                       "VisibilityConfig": visibility("learn-rate-limit")}])
        waf.put_logging_configuration(LoggingConfiguration={
            "ResourceArn": good["ARN"],
            "LogDestinationConfigs": [f"arn:aws:logs:{self.region}:{self.account}:log-group:aws-waf-logs-learn"]})
        self.note("waf", "learn-waf-acl", "waf.web_acl_has_rules", "PASS", "one rate-based rule")
        self.note("waf", "learn-waf-acl", "waf.web_acl_logging_enabled", "PASS", "logs to aws-waf-logs-learn")
        try:
            balancers = {lb["LoadBalancerName"]: lb["LoadBalancerArn"]
                         for lb in self.c("elbv2").describe_load_balancers()["LoadBalancers"]}
        except ClientError:
            balancers = {}   # no ELBv2 on this endpoint: elbv2.alb_waf_associated is ERROR there
        if "learn-alb-hardened" in balancers:
            waf.associate_web_acl(WebACLArn=good["ARN"], ResourceArn=balancers["learn-alb-hardened"])
            self.note("elbv2", "learn-alb-hardened", "elbv2.alb_waf_associated", "PASS", "learn-waf-acl")
        if "learn-alb-open" in balancers:
            self.note("elbv2", "learn-alb-open", "elbv2.alb_waf_associated", "FAIL", "no web ACL")
        if self.hardened:
            if "learn-waf-empty" in acls:
                empty = acls["learn-waf-empty"]
                lock = waf.get_web_acl(Name=empty["Name"], Id=empty["Id"], Scope="REGIONAL")["LockToken"]
                waf.delete_web_acl(Name=empty["Name"], Id=empty["Id"], Scope="REGIONAL", LockToken=lock)
                self.gone("web ACL learn-waf-empty")
            return
        ensure_acl("learn-waf-empty")
        self.note("waf", "learn-waf-empty", "waf.web_acl_has_rules", "FAIL", "no rules")
        self.note("waf", "learn-waf-empty", "waf.web_acl_logging_enabled", "FAIL", "no logging configuration")

    # ================================================================== CloudFront
    def cloudfront(self) -> None:
        """learn-cdn-hardened: HTTPS only, index.html, access logs, the CLOUDFRONT web ACL
        learn-edge-acl, an ACM certificate served with SNI under TLSv1.2_2021, origin access
        control on its S3 origin, and an API origin reached over HTTPS with TLSv1.2 only.
        learn-cdn-open: allow-all, no root object, no logs, no web ACL, the default certificate,
        no OAC, an API origin reached over plain HTTP that still offers SSLv3 (hardened mode:
        repaired like learn-cdn-hardened)."""
        cf = self.c("cloudfront")
        listing = self.probe(cf.list_distributions)["DistributionList"].get("Items") or []
        existing = {d["Comment"]: d["Id"] for d in listing}
        cert = self.alb_certificate()
        oac = cf.create_origin_access_control(OriginAccessControlConfig={
            "Name": f"learn-oac-{int(time.time())}", "SigningProtocol": "sigv4", "SigningBehavior": "always",
            "OriginAccessControlOriginType": "s3"})["OriginAccessControl"]["Id"]
        edge_acl = self.edge_web_acl()

        def config(comment: str, good: bool) -> dict:
            origin = {"Id": "site", "DomainName": "learn-access-logs.s3.amazonaws.com",
                      "S3OriginConfig": {"OriginAccessIdentity": ""}}
            if good:
                origin["OriginAccessControlId"] = oac
            protocols = ["TLSv1.2"] if good else ["SSLv3", "TLSv1"]
            api = {"Id": "api", "DomainName": "learn-api.example.com",
                   "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
                                          "OriginProtocolPolicy": "https-only" if good else "http-only",
                                          "OriginSslProtocols": {"Quantity": len(protocols), "Items": protocols}}}
            forwarded = {"QueryString": False, "Cookies": {"Forward": "none"}}
            return {
                "CallerReference": comment, "Comment": comment, "Enabled": True,
                "Origins": {"Quantity": 2, "Items": [origin, api]},
                "DefaultCacheBehavior": {"TargetOriginId": "site", "MinTTL": 0,
                                         "ViewerProtocolPolicy": "redirect-to-https" if good else "allow-all",
                                         "ForwardedValues": forwarded},
                "CacheBehaviors": {"Quantity": 1, "Items": [{
                    "PathPattern": "/api/*", "TargetOriginId": "api", "MinTTL": 0,
                    "ViewerProtocolPolicy": "https-only" if good else "allow-all", "ForwardedValues": forwarded}]},
                "DefaultRootObject": "index.html" if good else "",
                "Logging": {"Enabled": good, "IncludeCookies": False,
                            "Bucket": "learn-access-logs.s3.amazonaws.com" if good else "", "Prefix": "cdn/"},
                "WebACLId": edge_acl if good else "",
                "ViewerCertificate": ({"CloudFrontDefaultCertificate": False, "ACMCertificateArn": cert,
                                       "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"}
                                      if good else {"CloudFrontDefaultCertificate": True}),
            }

        def ensure(comment: str, good: bool) -> str:
            if comment in existing:
                current = cf.get_distribution_config(Id=existing[comment])
                cf.update_distribution(Id=existing[comment], IfMatch=current["ETag"],
                                       DistributionConfig=config(comment, good))
                return existing[comment]
            return cf.create_distribution(DistributionConfig=config(comment, good))["Distribution"]["Id"]

        checks = ("cloudfront.viewer_https_required", "cloudfront.logging_enabled", "cloudfront.waf_associated",
                  "cloudfront.custom_certificate_used")
        self.distribution_arns: dict[str, str] = {}
        for comment, good in (("learn-cdn-hardened", True), ("learn-cdn-open", self.hardened)):
            if comment == "learn-cdn-open" and self.hardened and comment not in existing:
                continue
            dist = ensure(comment, good)
            self.distribution_arns[comment] = cf.get_distribution(Id=dist)["Distribution"]["ARN"]
            for check in checks:
                self.note("cloudfront", comment, check, "PASS" if good else "FAIL")
            if good:
                self.note("cloudfront", comment, "cloudfront.sni_used", "PASS")
                self.note("cloudfront", comment, "cloudfront.viewer_tls_policy_recommended", "PASS", "TLSv1.2_2021")
            read_back = cf.get_distribution_config(Id=dist)["DistributionConfig"]["Origins"]["Items"]
            if "CustomOriginConfig" in read_back[-1]:
                self.note("cloudfront", comment, "cloudfront.custom_origin_traffic_encrypted",
                          "PASS" if good else "FAIL", "https-only" if good else "http-only")
                self.note("cloudfront", comment, "cloudfront.custom_origin_no_deprecated_ssl",
                          "PASS" if good else "FAIL", "TLSv1.2" if good else "SSLv3 offered")
            # CloudFront.1 and .13 judge S3 origins only: their verdicts follow what the emulator
            # reports back about the origin.
            origin = read_back[0]
            if "S3OriginConfig" not in origin:
                self.skip(f"cloudfront.default_root_object_configured, cloudfront.s3_origin_access_control on {comment}",
                          f"{self.emulator} drops the origin's S3OriginConfig, so no S3 origin is reported")
                continue
            self.note("cloudfront", comment, "cloudfront.default_root_object_configured", "PASS" if good else "FAIL")
            kept = bool(origin.get("OriginAccessControlId"))
            self.note("cloudfront", comment, "cloudfront.s3_origin_access_control", "PASS" if kept else "FAIL",
                      "" if kept or not good else f"{self.emulator} does not keep an origin's OriginAccessControlId")

    def edge_web_acl(self) -> str:
        """learn-edge-acl, the CLOUDFRONT-scope web ACL (AWS WAF serves that scope from us-east-1
        only): a rate-based rule and logging, so both WAF checks PASS on it. Reused across runs
        and regions, since it is global."""
        waf = self.c("wafv2", attempts=1, region="us-east-1")
        name = "learn-edge-acl"
        visibility = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": name}
        rules = [{"Name": "learn-edge-rate-limit", "Priority": 0, "Action": {"Block": {}},
                  "Statement": {"RateBasedStatement": {"Limit": 2000, "AggregateKeyType": "IP"}},
                  "VisibilityConfig": {**visibility, "MetricName": "learn-edge-rate-limit"}}]
        try:
            acls = {a["Name"]: a for a in waf.list_web_acls(Scope="CLOUDFRONT")["WebACLs"]}
            acl = acls.get(name) or waf.create_web_acl(
                Name=name, Scope="CLOUDFRONT", DefaultAction={"Allow": {}}, VisibilityConfig=visibility,
                Rules=rules)["Summary"]
            current = waf.get_web_acl(Name=name, Id=acl["Id"], Scope="CLOUDFRONT")
            if not current["WebACL"].get("Rules"):
                waf.update_web_acl(Name=name, Id=acl["Id"], Scope="CLOUDFRONT", DefaultAction={"Allow": {}},
                                   LockToken=current["LockToken"], VisibilityConfig=visibility, Rules=rules)
            waf.put_logging_configuration(LoggingConfiguration={
                "ResourceArn": acl["ARN"],
                "LogDestinationConfigs": [f"arn:aws:logs:us-east-1:{self.account}:log-group:aws-waf-logs-edge"]})
        except ClientError:
            # No AWS WAF on this endpoint: the distribution still names an ACL, and the WAF
            # checks are ERROR here like every other wafv2 check.
            return f"arn:aws:wafv2:us-east-1:{self.account}:global/webacl/{name}/unserved"
        self.note("waf", name, "waf.web_acl_has_rules", "PASS", "one rate-based rule")
        self.note("waf", name, "waf.web_acl_logging_enabled", "PASS", "logs to aws-waf-logs-edge")
        return acl["ARN"]

    # ================================================================== Shield
    def shield(self) -> None:
        """A Shield Advanced subscription (moto emulates it for free; on AWS it is a paid
        commitment, and this script never runs there) protecting learn-cdn-hardened and
        learn-alb-hardened; learn-cdn-open and learn-alb-open are internet-facing but unprotected
        (hardened mode: everything left is protected)."""
        sh = self.c("shield", region="us-east-1")
        protected = {p["ResourceArn"] for p in self.probe(sh.list_protections).get("Protections", [])}
        try:
            sh.describe_subscription()
        except ClientError as exc:
            if err_code(exc) != "ResourceNotFoundException":
                raise
            sh.create_subscription()
        resources = dict(getattr(self, "distribution_arns", {}))
        try:
            resources.update({lb["LoadBalancerName"]: lb["LoadBalancerArn"]
                              for lb in self.c("elbv2").describe_load_balancers()["LoadBalancers"]
                              if lb["Type"] == "application" and lb["Scheme"] == "internet-facing"})
        except ClientError:
            pass   # no ELBv2 here: the check judges what it can see, and ERRORs on the rest
        # moto writes the subscription's StartTime/EndTime as "dd/mm/yyyy, hh:mm:ss", which the
        # Rust SDK rightly refuses: the subscription is a gap there, so a protected resource is
        # ERROR (not seen to be guarded) while an unprotected one still FAILs.
        for name, arn in resources.items():
            wanted = self.hardened or name.endswith("-hardened")
            if wanted and arn not in protected:
                sh.create_protection(Name=name, ResourceArn=arn)
                protected.add(arn)
            if arn not in protected:
                self.note("shield", name, "shield.advanced_protects_internet_facing", "FAIL", "no protection")
            elif self.moto:
                self.note("shield", name, "shield.advanced_protects_internet_facing", "ERROR",
                          "moto's DescribeSubscription timestamps do not parse in the Rust SDK")
            else:
                self.note("shield", name, "shield.advanced_protects_internet_facing", "PASS", "protected")

    # ================================================================== CloudTrail
    def cloudtrail(self) -> None:
        ct = self.c("cloudtrail")
        trails = {t["Name"]: t for t in self.probe(ct.describe_trails)["trailList"]}
        if not self.log_bucket_ok:
            raise Unavailable("trails need the learn-access-logs bucket, which was not created")
        if self.hardened:
            if "learn-trail-single-region" in trails:
                ct.delete_trail(Name="learn-trail-single-region")
                self.gone("cloudtrail trail learn-trail-single-region")
            # Every cloudtrail.* check PASS: multi-region, all management events, log file
            # validation, SSE-KMS, logging, into the private, access-logged learn-access-logs.
            args = dict(Name="learn-trail", S3BucketName="learn-access-logs", S3KeyPrefix="cloudtrail",
                        IsMultiRegionTrail=True, IncludeGlobalServiceEvents=True, EnableLogFileValidation=True)
            if self.trail_log_group_arn:
                # The CIS 4.x metric filters watch this group (seeded by the monitoring section).
                args["CloudWatchLogsLogGroupArn"] = self.trail_log_group_arn
                args["CloudWatchLogsRoleArn"] = f"arn:aws:iam::{self.account}:role/learn-trail-to-logs"
            if self.kms_key_arn:
                args["KmsKeyId"] = self.kms_key_arn
            if "learn-trail" in trails:
                ct.update_trail(**args)
            else:
                ct.create_trail(**args, TagsList=self.tags("cloudtrail.multi_region_trail_logging"))
            ct.put_event_selectors(TrailName="learn-trail", EventSelectors=[
                {"ReadWriteType": "All", "IncludeManagementEvents": True}])
            ct.start_logging(Name="learn-trail")
            self.note_trail("learn-trail")
            return
        if "learn-trail" in trails:
            ct.delete_trail(Name="learn-trail")
        # Every cloudtrail.* check FAIL: the only trail is single-region, unvalidated, without
        # KMS, and delivers into learn-public-policy, a public bucket without access logging (a
        # classic: anyone can read the audit log). (Real AWS would also want a bucket policy for
        # cloudtrail.amazonaws.com; emulators do not check it.)
        bucket = "learn-public-policy" if self.bucket_exists("learn-public-policy") else "learn-access-logs"
        args = dict(Name="learn-trail-single-region", S3BucketName=bucket, S3KeyPrefix="cloudtrail",
                    IsMultiRegionTrail=False, IncludeGlobalServiceEvents=False, EnableLogFileValidation=False)
        if "learn-trail-single-region" in trails:
            ct.update_trail(**args)
        else:
            ct.create_trail(**args, TagsList=self.tags("cloudtrail.multi_region_trail_logging"))
        ct.start_logging(Name="learn-trail-single-region")
        self.note_trail("learn-trail-single-region")

    def note_trail(self, name: str) -> None:
        """Verdicts from what the emulator reports back, not from what was asked for."""
        ct = self.c("cloudtrail")
        t = ct.get_trail(Name=name)["Trail"]
        logging_on = ct.get_trail_status(Name=name).get("IsLogging")
        multi = bool(t.get("IsMultiRegionTrail")) and bool(logging_on)
        # Account-level: at least one logging multi-region trail (CIS 3.1).
        self.note("cloudtrail", ACCOUNT, "cloudtrail.multi_region_trail_logging",
                  "PASS" if multi else "FAIL", f"only trail: {name}, IsMultiRegionTrail={t.get('IsMultiRegionTrail')}, "
                                               f"IsLogging={logging_on}")
        # CIS 3.8/3.9 (account-level) FAIL in both modes: the seeder never selects S3
        # object-level data events (billed per event), so no trail records object writes or reads.
        for chk in ("cloudtrail.s3_object_write_events_logged", "cloudtrail.s3_object_read_events_logged"):
            self.note("cloudtrail", ACCOUNT, chk, "FAIL", "no trail selects S3 data events")
        self.note("cloudtrail", name, "cloudtrail.log_file_validation_enabled",
                  "PASS" if t.get("LogFileValidationEnabled") else "FAIL")
        self.note("cloudtrail", name, "cloudtrail.trail_kms_encrypted",
                  "PASS" if t.get("KmsKeyId") else "FAIL")
        bucket = t.get("S3BucketName")
        safe = bucket == "learn-access-logs"   # BPA on, TLS-only policy, logs into itself
        self.note("cloudtrail", name, "cloudtrail.trail_bucket_not_public",
                  "PASS" if safe else "FAIL", f"bucket {bucket}")
        self.note("cloudtrail", name, "cloudtrail.trail_bucket_access_logging",
                  "PASS" if safe else "FAIL", f"bucket {bucket}")

    # ================================================================== Config
    def config(self) -> None:
        cfg = self.c("config")
        recorders = self.probe(cfg.describe_configuration_recorders)["ConfigurationRecorders"]
        # Only one recorder per region exists on AWS: reuse whatever name is already there.
        name = recorders[0]["name"] if recorders else "learn-recorder"
        role = self.ensure_role("learn-config-role", "config.amazonaws.com", "config.recorder_all_resources")
        policy = self.aws_policy("service-role/AWS_ConfigRole")
        if policy:
            self.c("iam").attach_role_policy(RoleName="learn-config-role", PolicyArn=policy)
        self.note("iam", "learn-config-role", PRIVESC, "PASS",
                  AWS_MANAGED_READ if policy else "no policy")
        if self.hardened:
            group = {"allSupported": True, "includeGlobalResourceTypes": True}
        else:
            # config.recorder_all_resources FAIL: records S3 buckets only, no global (IAM) types.
            group = {"allSupported": False, "includeGlobalResourceTypes": False,
                     "resourceTypes": ["AWS::S3::Bucket"]}
        cfg.put_configuration_recorder(ConfigurationRecorder={"name": name, "roleARN": role, "recordingGroup": group})
        if self.log_bucket_ok and not cfg.describe_delivery_channels()["DeliveryChannels"]:
            cfg.put_delivery_channel(DeliveryChannel={"name": "learn-delivery", "s3BucketName": "learn-access-logs",
                                                      "s3KeyPrefix": "config"})
        cfg.start_configuration_recorder(ConfigurationRecorderName=name)
        status = cfg.describe_configuration_recorder_status()["ConfigurationRecordersStatus"]
        recording = any(s.get("recording") for s in status)
        self.note("config", REGION, "config.recorder_all_resources",
                  "PASS" if self.hardened and recording else "FAIL",
                  f"allSupported={group['allSupported']}, recording={recording}")

    # ================================================================== GuardDuty
    def guardduty(self) -> None:
        gd = self.c("guardduty")
        ids = self.probe(gd.list_detectors)["DetectorIds"]
        # guardduty.detector_enabled: a detector exists but is switched off (FAIL) / on (PASS).
        if ids:
            gd.update_detector(DetectorId=ids[0], Enable=self.hardened)
            did = ids[0]
        else:
            did = gd.create_detector(Enable=self.hardened, Tags={TAG_KEY: "guardduty.detector_enabled"})["DetectorId"]
        status = gd.get_detector(DetectorId=did).get("Status")
        self.note("guardduty", REGION, "guardduty.detector_enabled",
                  "PASS" if status == "ENABLED" else "FAIL", f"Status={status}")

    # ================================================================== Security Hub
    def securityhub(self) -> None:
        sh = self.c("securityhub")
        try:
            self.probe(sh.describe_hub)
            enabled = True
        except ClientError as exc:
            if err_code(exc) != "InvalidAccessException":
                raise
            enabled = False
        # securityhub.hub_enabled: not subscribed (FAIL) / subscribed (PASS).
        if self.hardened and not enabled:
            sh.enable_security_hub(EnableDefaultStandards=False, Tags={TAG_KEY: "securityhub.hub_enabled"})
        elif not self.hardened and enabled:
            sh.disable_security_hub()
        self.note("securityhub", REGION, "securityhub.hub_enabled",
                  "PASS" if self.hardened else "FAIL")

    # ================================================================== CloudWatch monitoring (CIS 4.x)
    def monitoring(self) -> None:
        """The trail's log group with a metric filter, an alarm and an SNS topic per CIS 4.x class.

        Misconfigured: the group has only a root-usage filter whose alarm notifies a topic nobody
        subscribed to, and the only trail is single-region anyway: every cloudwatch.* check FAILs.
        Hardened: every benchmark filter, each with an alarm on a topic with a confirmed SQS
        subscriber (emulators confirm SQS, and e-mail, subscriptions at once), and the cloudtrail
        section points the multi-region trail at the group: every check PASSes. Where CloudTrail is
        not emulated (LocalStack) the trail is unknown, so every check is an ERROR.
        """
        logs, cw, sns = self.c("logs"), self.c("cloudwatch"), self.c("sns")
        self.probe(logs.describe_log_groups, logGroupNamePrefix=TRAIL_LOG_GROUP)
        self.probe(cw.describe_alarms, AlarmNamePrefix="learn-")
        self.log_groups()
        self.trail_log_group_arn = f"arn:aws:logs:{self.region}:{self.account}:log-group:{TRAIL_LOG_GROUP}:*"
        topic = sns.create_topic(Name=ALERT_TOPIC)["TopicArn"]
        # The alert topic keeps the default policy both emulators write, as AWS does: every
        # principal, but only when aws:SourceOwner is this account. Hardened: the managed key.
        sns.set_topic_attributes(TopicArn=topic, AttributeName="KmsMasterKeyId",
                                 AttributeValue="alias/aws/sns" if self.hardened else "")
        self.note("sns", ALERT_TOPIC, "sns.topic_not_public", "PASS", "default policy pinned by AWS:SourceOwner")
        self.note("sns", ALERT_TOPIC, "sns.topic_encrypted", "PASS" if self.hardened else "FAIL",
                  "" if self.hardened else "no KmsMasterKeyId")
        subscribed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        for sub in subscribed:
            if sub["SubscriptionArn"].startswith("arn:"):
                sns.unsubscribe(SubscriptionArn=sub["SubscriptionArn"])
        if self.hardened:
            sns.subscribe(TopicArn=topic, Protocol="sqs",
                          Endpoint=f"arn:aws:sqs:{self.region}:{self.account}:learn-security-inbox")
        existing = {f["filterName"] for f in logs.describe_metric_filters(logGroupName=TRAIL_LOG_GROUP)["metricFilters"]}
        wanted = MONITORING_FILTERS if self.hardened else {
            k: v for k, v in MONITORING_FILTERS.items() if k == "cloudwatch.root_usage_monitored"}
        for check, pattern in MONITORING_FILTERS.items():
            name = "learn-" + check.split(".", 1)[1]
            if check not in wanted:
                if name in existing:
                    logs.delete_metric_filter(logGroupName=TRAIL_LOG_GROUP, filterName=name)
                self.quietly(cw.delete_alarms, "ResourceNotFound", AlarmNames=[name])
                continue
            logs.put_metric_filter(logGroupName=TRAIL_LOG_GROUP, filterName=name, filterPattern=pattern,
                                   metricTransformations=[{"metricName": name, "metricNamespace": "LearnCIS",
                                                           "metricValue": "1"}])
            cw.put_metric_alarm(AlarmName=name, MetricName=name, Namespace="LearnCIS", Statistic="Sum",
                                Period=300, EvaluationPeriods=1, Threshold=1,
                                ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])
        try:
            self.c("cloudtrail").describe_trails()
            if not self.hardened:
                verdict, why = "FAIL", "the only trail is single-region"
            elif self.alarms_readable_over_cbor():
                verdict, why = "PASS", "multi-region learn-trail delivers to the monitored group"
            else:
                verdict, why = "ERROR", "DescribeAlarms in the RPC v2 CBOR protocol (the Rust SDK's) is not emulated"
        except ClientError as exc:
            if not is_unavailable(exc, loose=True):
                raise
            # The cloudtrail section records CloudTrail as not served; every check reading it,
            # these included, must then be ERROR, which the record says once, for the service.
            return
        for check in MONITORING_FILTERS:
            self.note("cloudwatch", ACCOUNT, check, verdict, why)

    def log_groups(self) -> None:
        """Log groups for the logs.* checks; neither emulator implements AssociateKmsKey, so a
        group whose key must change is deleted and created again (its metric filters are put
        afterwards by the monitoring section)."""
        logs = self.c("logs")
        key = self.kms_key_arn
        # name: (retention days or None for never expire, KMS key or None), per mode; None: absent.
        wanted = {
            TRAIL_LOG_GROUP: (None, key) if self.hardened else (None, None),
            "learn-logs-encrypted": (400, key),
            "learn-logs-short-retention": None if self.hardened else (7, None),
        }
        found = {g["logGroupName"]: g for g in logs.describe_log_groups(logGroupNamePrefix="learn-")["logGroups"]}
        for name, spec in wanted.items():
            current = found.get(name)
            if spec is None or (current is not None and current.get("kmsKeyId") != spec[1]):
                if current is not None:
                    logs.delete_log_group(logGroupName=name)
                    if spec is None:
                        self.gone(f"log group {name}")
                current = None
            if spec is None:
                continue
            retention, kms = spec
            if current is None:
                args = {"kmsKeyId": kms} if kms else {}
                logs.create_log_group(logGroupName=name, tags={TAG_KEY: "logs.log_group_kms_encrypted"}, **args)
            if retention is None:
                self.quietly(logs.delete_retention_policy, "ResourceNotFoundException", logGroupName=name)
            else:
                logs.put_retention_policy(logGroupName=name, retentionInDays=retention)
            self.note("logs", name, "logs.log_group_retention_sufficient",
                      "PASS" if retention is None or retention >= 365 else "FAIL",
                      "never expires" if retention is None else f"{retention} days")
            self.note("logs", name, "logs.log_group_kms_encrypted", "PASS" if kms else "FAIL",
                      "key " + kms if kms else "no KMS key")

    def alarms_readable_over_cbor(self) -> bool:
        """Whether the endpoint answers DescribeAlarms in the Smithy RPC v2 CBOR protocol, which
        current SDKs (posture's included) use for CloudWatch; boto3 here still speaks the query
        protocol, so its success proves nothing. An empty CBOR map is a valid empty request."""
        import urllib.error
        import urllib.request
        request = urllib.request.Request(
            f"{self.endpoint}/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
            data=b"\xa0", method="POST",
            headers={"smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor",
                     "Accept": "application/cbor",
                     "Authorization": f"AWS4-HMAC-SHA256 Credential=test/20260101/{self.region}/monitoring/aws4_request, "
                                      "SignedHeaders=host, Signature=0"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status == 200
        except urllib.error.HTTPError:
            return False

    # ================================================================== Inspector and Macie
    def inspector(self) -> None:
        """Nothing to seed: moto answers BatchGetAccountStatus with no row for the account (and
        HTTP 500 to Enable), so posture cannot know the scan types: ERROR, whatever the mode."""
        self.probe(self.c("inspector2").batch_get_account_status)
        for check in ("inspector.ec2_scanning_enabled", "inspector.ecr_scanning_enabled",
                      "inspector.lambda_code_scanning_enabled", "inspector.lambda_standard_scanning_enabled"):
            self.note("inspector", REGION, check, "ERROR", "the emulator reports no status for the account")

    def macie(self) -> None:
        """Misconfigured: Macie disabled (moto starts every account with it ENABLED). Hardened:
        enabled; automated discovery cannot be read on moto (GetAutomatedDiscoveryConfiguration
        answers 404), so that check is ERROR there in hardened mode."""
        m = self.c("macie2")
        try:
            m.get_macie_session()
            enabled = True
        except ClientError as exc:
            if is_unavailable(exc, loose=True) and err_code(exc) != "ResourceNotFoundException":
                raise Unavailable() from exc
            enabled = False
        if self.hardened and not enabled:
            m.enable_macie()
        elif not self.hardened and enabled:
            m.disable_macie()
        if self.hardened:
            self.note("macie", REGION, "macie.macie_enabled", "PASS")
            try:
                if m.get_automated_discovery_configuration().get("status") != "ENABLED":
                    m.update_automated_discovery_configuration(status="ENABLED")
                self.note("macie", REGION, "macie.automated_discovery_enabled", "PASS")
            except ClientError as exc:
                self.note("macie", REGION, "macie.automated_discovery_enabled", "ERROR",
                          f"GetAutomatedDiscoveryConfiguration is not emulated ({err_code(exc)})")
        else:
            self.note("macie", REGION, "macie.macie_enabled", "FAIL", "DisableMacie")
            self.note("macie", REGION, "macie.automated_discovery_enabled", "FAIL", "Macie is off")

    # ================================================================== Account contacts (CIS 1.2)
    def account_contacts(self) -> None:
        acct = self.c("account")
        try:
            acct.get_alternate_contact(AlternateContactType="SECURITY")
        except ClientError as exc:
            if err_code(exc) != "ResourceNotFoundException":
                if is_unavailable(exc, loose=True):
                    raise Unavailable() from exc
                raise
        if self.hardened:
            acct.put_alternate_contact(AlternateContactType="SECURITY", Name="Learn security team",
                                       Title="Security operations", EmailAddress="security@learn.example",
                                       PhoneNumber="+1 555 0100")
        else:
            self.quietly(acct.delete_alternate_contact, "ResourceNotFoundException",
                         AlternateContactType="SECURITY")
        self.note("account", ACCOUNT, "account.security_contact_registered",
                  "PASS" if self.hardened else "FAIL")

    # ================================================================== IAM Access Analyzer
    def accessanalyzer(self) -> None:
        aa = self.c("accessanalyzer")
        names = {a["name"] for a in self.probe(aa.list_analyzers)["analyzers"]}
        # iam.access_analyzer_enabled: none in the region (FAIL) / an ACCOUNT analyzer (PASS).
        if self.hardened and "learn-analyzer" not in names:
            aa.create_analyzer(analyzerName="learn-analyzer", type="ACCOUNT",
                               tags={TAG_KEY: "iam.access_analyzer_enabled"})
        elif not self.hardened and "learn-analyzer" in names:
            aa.delete_analyzer(analyzerName="learn-analyzer")
        self.note("accessanalyzer", REGION, "iam.access_analyzer_enabled",
                  "PASS" if self.hardened else "FAIL")

    # ================================================================== run
    def run(self) -> int:
        try:
            ident = self.c("sts").get_caller_identity()
        except (EndpointConnectionError, BotoCoreError, ClientError) as exc:
            print(f"seed_sandbox: cannot reach {self.endpoint}: {exc}", file=sys.stderr)
            return 3
        self.account = ident["Account"]
        emulator = detect_emulator(self.endpoint)
        if emulator is None:
            print(f"seed_sandbox: {self.endpoint} answers neither GET /_localstack/health (LocalStack) nor "
                  "GET /moto-api/config (moto); the expected verdicts depend on which emulator it is",
                  file=sys.stderr)
            return 4
        self.emulator = emulator
        print(f"seeding {self.mode} sandbox into {self.emulator} at {self.endpoint} "
              f"(account {self.account}, {self.region})")
        # Order matters: the KMS key feeds S3/RDS/EFS/CloudTrail, learn-access-logs feeds flow
        # logs, CloudTrail and Config, learn-fn-rotator feeds Secrets Manager rotation.
        for service, fn in (("kms", self.kms), ("iam", self.iam), ("iam-reach", self.iam_reach),
                            ("s3", self.s3), ("ec2", self.ec2),
                            ("lambda", self.lambda_), ("secretsmanager", self.secretsmanager), ("sqs", self.sqs),
                            ("sns", self.sns),
                            ("ecr", self.ecr), ("ecr", self.ecr_images), ("eventbridge", self.eventbridge),
                            ("dynamodb", self.dynamodb), ("rds", self.rds), ("efs", self.efs),
                            ("elbv2", self.elbv2), ("eks", self.eks), ("apigateway", self.apigateway),
                            ("waf", self.waf), ("cloudfront", self.cloudfront), ("shield", self.shield),
                            ("logs", self.monitoring), ("cloudtrail", self.cloudtrail),
                            ("config", self.config), ("account", self.account_contacts),
                            ("guardduty", self.guardduty), ("securityhub", self.securityhub),
                            ("inspector", self.inspector), ("macie", self.macie),
                            ("accessanalyzer", self.accessanalyzer)):
            self.section(service, fn)
        self.note_no_external_accounts()
        return 1 if self.errors else 0

    def note_no_external_accounts(self) -> None:
        """iam.external_access_trusted_only — PASS for every seeded bucket, function, key, secret,
        queue, topic, repository and event bus: outside iam_reach the sandbox names no other account
        in any policy. Each kind has one check noted for every resource of that kind; its records
        say which resources exist. A kind whose service the endpoint does not serve is one ERROR on
        the region (its policies are unknown), beside the verdicts of the kinds it does serve."""
        one_per_kind = {"s3.bucket_no_public_policy", "lambda.function_not_public",
                        "kms.key_not_pending_deletion", "secretsmanager.secret_rotation_enabled",
                        "sqs.queue_not_public", "sns.topic_not_public", "ecr.repository_not_public",
                        "events.bus_not_public"}
        seen = {(r["service"], r["resource"]) for r in self.records if r["check"] in one_per_kind}
        for service, resource in sorted(seen):
            self.note(service, resource, "iam.external_access_trusted_only", "PASS", "no other account named")
        policy_services = {"s3", "lambda", "kms", "secretsmanager", "sqs", "sns", "ecr", "eventbridge"}
        for unserved in self.unavailable:
            if unserved["service"] in policy_services:
                # Buckets are listed account-wide, the rest per region.
                where = ACCOUNT if unserved["service"] == "s3" else REGION
                self.note("iam", where, "iam.external_access_trusted_only", "ERROR",
                          f"{unserved['service']} is not served, so its policies are unknown")

    def summary(self) -> None:
        print(f"\nseeded ({self.mode}): {len(self.records)} (resource, check) pairs; expected verdicts:")
        width = max((len(r["resource"]) for r in self.records), default=10)
        for r in self.records:
            why = f"  ({r['why']})" if r["why"] else ""
            print(f"  {r['verdict']:<5}  {r['resource']:<{width}}  {r['check']}{why}")
        for u in self.unavailable:
            print(f"  ERROR  every check reading {u['service']} (not served: {u['why']})")
        if self.removed:
            print(f"removed by hardened mode: {', '.join(self.removed)}")
        if self.skipped:
            print("skipped (not available on this endpoint, or an emulator gap):")
            for what in self.skipped:
                print(f"  - {what}")
        print("not changeable on any emulator: iam.root_mfa_enabled, iam.root_hardware_mfa_enabled, "
              "iam.root_no_access_keys, iam.root_not_used_recently (the root user is fixed)")
        if self.errors:
            print(f"{len(self.errors)} error(s): see above", file=sys.stderr)


def self_signed(cn: str, not_before: dt.datetime, not_after: dt.datetime) -> tuple[str, str]:
    """A throw-away self-signed RSA certificate (PEM body, PEM key) with the given validity."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{cn}.learn.example")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(not_before)
            .not_valid_after(not_after).sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM).decode(),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption()).decode())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--endpoint-url", required=True, help="emulator endpoint, e.g. http://127.0.0.1:4566")
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--mode", choices=("misconfigured", "hardened"), default="misconfigured")
    ap.add_argument("--summary-json", metavar="FILE",
                    help="also write the expected verdicts as JSON (schema at the top of this file)")
    args = ap.parse_args()
    # Never let a stray IMDS probe, a profile or an endpoint variable redirect an emulator run.
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL"):
        os.environ.pop(var, None)
    t0 = time.monotonic()
    seeder = Seeder(args.endpoint_url, args.region, args.mode)
    rc = seeder.run()
    if rc in (3, 4):
        return rc
    seeder.summary()
    if args.summary_json:
        with open(args.summary_json, "w", encoding="utf-8") as fh:
            json.dump({"schema": "posture.seed/v2", "emulator": seeder.emulator, "endpoint_url": args.endpoint_url,
                       "region": args.region, "account": seeder.account, "mode": args.mode,
                       "verdicts": seeder.records, "unavailable": seeder.unavailable,
                       "removed": seeder.removed, "skipped": seeder.skipped, "errors": seeder.errors},
                      fh, indent=2)
    print(f"done in {time.monotonic() - t0:.1f}s")
    return rc


if __name__ == "__main__":
    sys.exit(main())
