"""The profile format of a JSON-lines file that is split into several partitions.

The binary detects the format from the start of what it reads. For a partition in the middle of
a file that start is some line of the file, and if that line is a bad record (malformed, or without
the keys that tell the format) the partition would be read otherwise than the whole file is, or
not at all. So the driver finds the file's format once, from the file's start, by the binary's rules
(docs/formats.md, "Detection"; `ProfileFormat.detect`), checks it by running the binary on the
file's first lines with and without `--input-format` (same rows, same issues, or it is not used),
and the partitions after the first run with it. The first partition detects as one machine does,
so a file one machine cannot read fails the same way.
"""

import json
import os
import subprocess

WRAPPERS = ("users", "data", "profiles", "followers", "follows")


def detect(head):
    """The format name the binary would detect for a JSON input starting with `head`, or None."""
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    text = text.lstrip(b" \t\r\n")
    first_line = text.split(b"\n", 1)[0]
    try:
        value = json.loads(first_line)
    except ValueError:
        value = None
    if isinstance(value, dict):
        return classify_object(value)
    return classify_text(text.decode("utf-8", "replace"))


def classify_object(record):
    user = record.get("user")
    if isinstance(user, dict) and classify_object(user) == "twitter-v1":
        return "twitter-v1-botrepo" if "created_at" in record else "twitter-v1"
    profile = record.get("profile")
    if isinstance(profile, dict) and classify_object(profile) == "twitter-v1":
        return "twitter-v1"
    for wrapper in WRAPPERS:
        if all(key not in record for key in ("screen_name", "username", "did")) \
                and isinstance(record.get(wrapper), list):
            listed = record[wrapper]
            return classify_object(listed[0]) if listed and isinstance(listed[0], dict) else None
    if isinstance(record.get("data"), dict):
        return classify_object(record["data"])
    keys = set(record)
    if "screen_name" in keys or "id_str" in keys:
        return "twitter-v1"
    if "username" in keys and ("public_metrics" in keys or "id" in keys) and "acct" not in keys:
        return "twitter-v2"
    if "acct" in keys:
        return "mastodon-account"
    if "did" in keys and "handle" in keys:
        return "bluesky-profile"
    if "userFollowerCount" in keys or "usernameLength" in keys:
        return "instafake-json"
    if "platform" in keys and "id" in keys:
        return "canonical-jsonl"
    return None


def classify_text(text):
    if '"screen_name"' in text or '"id_str"' in text:
        compact = text.replace(" ", "")
        botrepo = compact.startswith('[{"created_at"') and '"user":{' in compact
        return "twitter-v1-botrepo" if botrepo else "twitter-v1"
    for key, name in (("public_metrics", "twitter-v2"), ("acct", "mastodon-account"), ("did", "bluesky-profile"),
                      ("userFollowerCount", "instafake-json"), ("platform", "canonical-jsonl")):
        if f'"{key}"' in text:
            return name
    return None


def confirmed(binary, head, name, as_of, scratch):
    """Whether the binary reads the complete lines of `head` the same with `--input-format name`
    as without: the same rows and the same issues."""
    lines = head[: head.rfind(b"\n") + 1]
    if not lines:
        return False
    return run_head(binary, lines, [], as_of, scratch, "auto") == \
        run_head(binary, lines, ["--input-format", name], as_of, scratch, "forced")


def run_head(binary, lines, extra, as_of, scratch, tag):
    issues = os.path.join(scratch, f"detect-{tag}.json")
    command = [binary, "score", "-", "--scorer", "rules", "--format", "jsonl", "--quiet", "--as-of", as_of,
               "--issues-file", issues, *extra]
    result = subprocess.run(command, input=lines, capture_output=True)
    if result.returncode != 0:
        return ("failed", tag)  # never equal: without a reading, nothing is confirmed
    with open(issues, "rb") as file:
        return result.stdout, file.read()
