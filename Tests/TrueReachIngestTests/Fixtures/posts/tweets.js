window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "id_str" : "100",
      "created_at" : "Thu Nov 03 08:50:26 +0000 2022",
      "full_text" : "Hello garden https://t.co/x",
      "favorite_count" : "5",
      "retweet_count" : "1",
      "entities" : { "urls" : [ { "expanded_url" : "https://example.org/a" } ] }
    }
  },
  {
    "tweet" : {
      "id_str" : "101",
      "created_at" : "Fri Nov 04 10:00:00 +0000 2022",
      "full_text" : "RT @other: someone else's words",
      "favorite_count" : "0",
      "retweet_count" : "0"
    }
  },
  {
    "tweet" : {
      "id_str" : "102",
      "created_at" : "Sat Nov 05 10:00:00 +0000 2022",
      "in_reply_to_status_id_str" : "99",
      "full_text" : "@someone thanks",
      "favorite_count" : "many",
      "retweet_count" : "0"
    }
  }
]
