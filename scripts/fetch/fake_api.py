"""A local stand-in for a Mastodon instance and the Bluesky AppView, for scripts/bench-fetch.

Serves one account with N followers in each API's shapes (Mastodon: lookup, followers paged by the
Link header, statuses; Bluesky: getProfile, getFollowers paged by cursor, getProfiles, getAuthorFeed),
from bodies built once up front, so the figures measure the client, not this server. Listens on
127.0.0.1 and a free port, printed on the first line of standard output; stops on SIGTERM or when
its standard input closes.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def mastodon_account(i):
    return json.dumps({
        "id": str(100000 + i), "username": f"u{i}", "acct": f"u{i}@remote.example",
        "display_name": f"User {i}", "locked": False, "bot": i % 17 == 0, "discoverable": True,
        "group": False, "created_at": "2021-03-04T00:00:00.000Z", "note": f"<p>Notes of {i}</p>",
        "url": f"https://remote.example/@u{i}", "avatar": f"https://remote.example/a/{i}.png",
        "followers_count": (i * 37) % 5000, "following_count": (i * 11) % 900,
        "statuses_count": (i * 7) % 3000, "last_status_at": "2026-11-01", "emojis": [], "fields": [],
    })


def bluesky_view(i, detailed):
    view = {
        "did": f"did:plc:f{i}", "handle": f"f{i}.bsky.social", "displayName": f"Name {i}",
        "description": f"About {i}", "avatar": f"https://cdn.bsky.app/img/avatar/{i}.jpg",
        "createdAt": "2024-01-02T00:00:00.000Z", "indexedAt": "2024-01-02T00:00:00.000Z", "labels": [],
    }
    if detailed:
        view.update({"followersCount": (i * 37) % 5000, "followsCount": (i * 11) % 900, "postsCount": (i * 7) % 3000})
    return json.dumps(view)


def main():
    count = int(sys.argv[1])
    mastodon = [mastodon_account(i) for i in range(count)]
    brief = [bluesky_view(i, False) for i in range(count)]
    detailed = {f"did:plc:f{i}": bluesky_view(i, True) for i in range(count)}
    statuses = json.dumps([{
        "id": str(900 + i), "created_at": f"2026-11-{10 + i:02d}T10:00:00.000Z", "in_reply_to_id": None,
        "in_reply_to_account_id": None, "reblog": None, "visibility": "public", "language": "en",
        "replies_count": i, "reblogs_count": 2 * i, "favourites_count": 3 * i, "content": f"<p>post {i}</p>",
        "media_attachments": [], "account": {"id": "42", "acct": "alice", "followers_count": count},
    } for i in range(10)])
    feed = json.dumps({"feed": [{"post": {
        "uri": f"at://did:plc:alice/app.bsky.feed.post/p{i}", "cid": f"c{i}",
        "author": {"did": "did:plc:alice", "handle": "alice.test"},
        "record": {"$type": "app.bsky.feed.post", "text": f"post {i}", "createdAt": f"2026-11-{10 + i:02d}T00:00:00.000Z"},
        "replyCount": i, "repostCount": i + 1, "likeCount": i + 2, "quoteCount": 0,
        "indexedAt": f"2026-11-{10 + i:02d}T00:00:00.000Z"}} for i in range(10)]})

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go in separate writes: without this, Nagle's algorithm and the client's
        # delayed ACK hold every answer about 40 ms.
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def send_json(self, body, status=200, headers=()):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlparse(self.path)
            query = parse_qs(url.query)
            host = self.headers.get("Host", "127.0.0.1")
            if url.path == "/api/v1/accounts/lookup":
                return self.send_json(json.dumps({"id": "42", "username": "alice", "acct": "alice",
                                                  "followers_count": count, "following_count": 7, "statuses_count": 10}))
            if url.path == "/api/v1/accounts/42/followers":
                limit = min(80, int(query.get("limit", ["40"])[0]))
                start = int(query.get("max_id", ["0"])[0])
                page = mastodon[start:start + limit]
                headers = []
                if page:
                    headers.append(("Link", f'<http://{host}/api/v1/accounts/42/followers?limit={limit}&max_id={start + len(page)}>; rel="next"'))
                return self.send_json("[" + ",".join(page) + "]", headers=headers)
            if url.path == "/api/v1/accounts/42/statuses":
                return self.send_json(statuses)
            if url.path == "/xrpc/app.bsky.actor.getProfile":
                return self.send_json(json.dumps({"did": "did:plc:alice", "handle": "alice.test",
                                                  "followersCount": count, "followsCount": 3, "postsCount": 10}))
            if url.path == "/xrpc/app.bsky.graph.getFollowers":
                limit = min(100, int(query.get("limit", ["50"])[0]))
                start = int(query.get("cursor", ["c0"])[0][1:])
                page = brief[start:start + limit]
                cursor = f',"cursor":"c{start + len(page)}"' if start + len(page) < count else ""
                return self.send_json('{"followers":[' + ",".join(page) + "]" + cursor + "}")
            if url.path == "/xrpc/app.bsky.actor.getProfiles":
                actors = query.get("actors", [])[:25]
                return self.send_json('{"profiles":[' + ",".join(detailed[a] for a in actors if a in detailed) + "]}")
            if url.path == "/xrpc/app.bsky.feed.getAuthorFeed":
                return self.send_json(feed)
            return self.send_json('{"error":"not found"}', status=404)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # until the parent closes it (or dies)
    server.shutdown()


if __name__ == "__main__":
    main()
