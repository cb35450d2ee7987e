#!/usr/bin/env python3
"""Keeps ONE pgdrydock comment on a pull request, updated in place.

The comment is found by a hidden marker among the PR's comments (all pages); it is created
when absent and edited otherwise, so a PR that is pushed ten times still has one report.
The body is trimmed to GitHub's 65,536-character limit with a pointer to the full report
(the job summary and the `pgdrydock-report` artifact of the run).

Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (default
https://api.github.com), and for the pointer GITHUB_SERVER_URL and GITHUB_RUN_ID.
Exit status: 0 when the comment was written, 1 otherwise (the message says why).
"""
import argparse
import json
import os
import sys
import urllib.error
import urllib.request

MARKER = "<!-- pgdrydock-report -->"
LIMIT = 65536  # characters GitHub accepts in a comment body


def request(method, url, body=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", "Bearer " + os.environ["GITHUB_TOKEN"])
    req.add_header("Accept", "application/vnd.github+json")
    req.add_header("X-GitHub-Api-Version", "2022-11-28")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as resp:
        text = resp.read().decode("utf-8")
        return json.loads(text) if text else None


def trimmed(body):
    if len(body) <= LIMIT:
        return body
    run = ""
    if os.environ.get("GITHUB_RUN_ID"):
        run = "{}/{}/actions/runs/{}".format(
            os.environ.get("GITHUB_SERVER_URL", "https://github.com"),
            os.environ.get("GITHUB_REPOSITORY", ""), os.environ["GITHUB_RUN_ID"])
    note = ("\n\n_The report is longer than a comment can hold: the full report is in the "
            "job summary and the `pgdrydock-report` artifact{}._\n").format(
                " of [this run](" + run + ")" if run else "")
    cut = body[:LIMIT - len(note)]
    # Cut at a line end so a table row or code fence is not split in the middle of a line.
    if "\n" in cut:
        cut = cut[:cut.rindex("\n")]
    return cut + note


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pr", required=True, type=int)
    parser.add_argument("--body-file", required=True)
    args = parser.parse_args()
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    repo = os.environ["GITHUB_REPOSITORY"]
    with open(args.body_file, encoding="utf-8") as f:
        body = trimmed(MARKER + "\n" + f.read())
    try:
        existing = None
        page = 1
        while existing is None:
            comments = request("GET", "{}/repos/{}/issues/{}/comments?per_page=100&page={}".format(
                api, repo, args.pr, page))
            if not comments:
                break
            existing = next((c for c in comments if MARKER in (c.get("body") or "")), None)
            page += 1
        if existing:
            request("PATCH", "{}/repos/{}/issues/comments/{}".format(api, repo, existing["id"]),
                    {"body": body})
            print("pgdrydock: updated the report comment", existing["id"])
        else:
            created = request("POST", "{}/repos/{}/issues/{}/comments".format(api, repo, args.pr),
                              {"body": body})
            print("pgdrydock: posted the report comment", (created or {}).get("id"))
    except urllib.error.HTTPError as e:
        hint = (" (the token needs `pull-requests: write`; pull requests from forks get a "
                "read-only token)") if e.code in (401, 403, 404) else ""
        print("pgdrydock: GitHub answered {} {}{}".format(e.code, e.reason, hint), file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as e:
        print("pgdrydock: cannot reach the GitHub API at {}: {}".format(api, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
