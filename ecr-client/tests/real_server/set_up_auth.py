"""Turns signature checking on in a fresh local moto server for real_server.rs.

Usage: set_up_auth.py ENDPOINT. While the server still accepts anything, creates an
IAM user allowed `ecr:*` and `sts:AssumeRole`, a user allowed nothing on ECR and a role
allowed `ecr:*` that the first user assumes; then switches checking on for every later
request and prints the three sets of credentials as one JSON object on stdout.
"""

import json
import sys
import urllib.request

import boto3

ACCOUNT = "123456789012"


def policy(action, principal=None):
    statement = {"Effect": "Allow", "Action": action}
    if principal is None:
        statement["Resource"] = "*"
    else:
        statement["Principal"] = {"AWS": principal}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def main(endpoint):
    # Checking is still off: any key signs the set-up calls.
    session = dict(
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="set-up",
        aws_secret_access_key="set-up",
    )
    iam = boto3.client("iam", **session)

    def user(name, allowed):
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="allowed", PolicyDocument=policy(allowed))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return {"id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}

    # sts:AssumeRole lets real_server_credentials.rs assume the role through a profile;
    # polly:* is for the generated Polly client's tests.
    allowed = user("ecr-tester", ["ecr:*", "sts:AssumeRole", "polly:*"])
    denied = user("no-ecr", "s3:GetObject")
    role = iam.create_role(
        RoleName="ecr-session",
        AssumeRolePolicyDocument=policy("sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:user/ecr-tester"),
    )["Role"]
    iam.put_role_policy(RoleName="ecr-session", PolicyName="allowed", PolicyDocument=policy("ecr:*"))
    sts = boto3.client(
        "sts",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=allowed["id"],
        aws_secret_access_key=allowed["secret"],
    )
    assumed = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="real-server-tests")["Credentials"]

    # From here on every request must be signed by a known key with the permission.
    request = urllib.request.Request(
        f"{endpoint}/moto-api/reset-auth",
        data=b"0",
        headers={"Content-Type": "text/plain"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        response.read()

    keys = {
        "allowed": allowed,
        "denied": denied,
        "session": {
            "id": assumed["AccessKeyId"],
            "secret": assumed["SecretAccessKey"],
            "token": assumed["SessionToken"],
        },
    }
    print(json.dumps(keys))


if __name__ == "__main__":
    main(sys.argv[1])
